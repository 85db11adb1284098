#pragma once
// EBCDIC <-> ASCII (Latin-1) translation for the code pages IMS clients use. The 256-byte
// tables are built once from glibc iconv's IBM037 and IBM1047 converters, never typed by hand,
// so they agree with the system's definition of the code page (note '[' ']' differ: 037 has
// BA/BB, 1047 has AD/BD).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace zgate::core {

enum class CodePage { IBM037, IBM1047 };

// Tables indexed by byte value. Characters with no mapping translate to EBCDIC SUB (0x3F) or
// ASCII SUB (0x1A) rather than being dropped, so lengths are always preserved.
const std::uint8_t* ascii_to_ebcdic_table(CodePage cp);
const std::uint8_t* ebcdic_to_ascii_table(CodePage cp);

// Translates in[0..n) through a table above into out[0..n) (out may equal in).
void translate(const std::uint8_t* table, const std::uint8_t* in, std::size_t n, std::uint8_t* out);
namespace detail {  // translate()'s two ways, named for the tests
void translate_bytewise(const std::uint8_t* table, const std::uint8_t* in, std::size_t n,
                        std::uint8_t* out);
// 64 bytes at a time with AVX-512 VBMI; false (nothing done) where the build or CPU lacks it.
bool have_wide_translate();
bool translate_wide(const std::uint8_t* table, const std::uint8_t* in, std::size_t n,
                    std::uint8_t* out);
}  // namespace detail

std::string to_ebcdic(std::string_view ascii, CodePage cp = CodePage::IBM037);
std::string from_ebcdic(std::string_view ebcdic, CodePage cp = CodePage::IBM037);

// Writes `text` translated to EBCDIC into out[0..width), blank-padded (X'40') on the right
// and truncated to `width`: the shape of every 8-byte name field in IMS and RACF blocks.
void put_ebcdic_padded(std::uint8_t* out, std::size_t width, std::string_view text,
                       CodePage cp = CodePage::IBM037);
// Reads a blank-padded EBCDIC name field back to ASCII, trailing blanks (and NULs) removed.
std::string get_ebcdic_trimmed(const std::uint8_t* in, std::size_t width,
                               CodePage cp = CodePage::IBM037);

}  // namespace zgate::core
