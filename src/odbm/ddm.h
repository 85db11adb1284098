#pragma once
// DRDA's framing as IMS Connect's DRDA port reads it (IBM, "Overview of the syntax of DDM terms
// supported by IMS"; the DSS header bits as Apache Derby's DssConstants name them):
//
//   DSS      length (2, the header included, at most 32,767), X'D0', format (1), correlation
//            ID (2), then one DDM object. Format: low nibble the type (1 RQSDSS request,
//            2 RPYDSS reply, 3 OBJDSS object), X'40' chained (another DSS follows in this
//            chain), X'10' with X'40': the next one has the same correlation ID, X'20'
//            continue on error. A length with X'8000' set continues the DSS in further
//            segments: zgate refuses that (no IMS request needs 32 KB in one DSS).
//   object   LL (2, LL and CP included) CP (2, the code point), then its data: for commands
//            and collections the data is itself a list of LL/CP parameters. An LL with
//            X'8000' set announces an extended length: refused, as above.
//
// Every length is checked against what is there before anything is read or allocated: a
// header claiming more than the bytes that follow, less than its own size, or an object
// overrunning its DSS is a syntax error (the caller answers SYNTAXRM and ends the
// conversation, as a DRDA server does on a broken data stream).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zgate::odbm {

inline constexpr std::size_t kDssHeader = 6;
inline constexpr std::size_t kMaxDss = 32767;
inline constexpr std::uint8_t kDssId = 0xD0;

enum class DssType : std::uint8_t { Request = 1, Reply = 2, Object = 3 };
inline constexpr std::uint8_t kChained = 0x40;
inline constexpr std::uint8_t kContinueOnError = 0x20;
inline constexpr std::uint8_t kSameCorrelator = 0x10;

// What is wrong with a data stream, as SYNTAXRM's SYNERRCD says it (DDM's values as Apache
// Derby's DRDA server uses them; not checked against IBM's DDM reference).
enum class SyntaxError : std::uint8_t {
  DssLengthLessThan6 = 0x01,     // DSS header length less than 6
  DssLengthMismatch = 0x02,      // DSS header length does not match the bytes found
  DssNotD0 = 0x03,               // DSS header C-byte not X'D0'
  DssFormat = 0x04,              // DSS format bits not recognized or not supported
  DssContinuation = 0x05,        // DSS continuation (zgate takes none: see above)
  ChainedButNone = 0x06,         // DSS chaining set but no DSS follows
  ObjectLengthLessThan4 = 0x07,  // object length less than four
  ObjectLengthMismatch = 0x08,   // object length does not match the bytes found
  ExtendedLength = 0x0C,         // an extended (X'8000') object length (not supported)
  SameCorrelatorMismatch = 0x19, // the previous DSS promised the same correlator; it differs
};

struct DdmError : std::runtime_error {
  SyntaxError code;
  DdmError(SyntaxError c, const std::string& what) : std::runtime_error(what), code(c) {}
};

// One DDM object or parameter: its code point and its data (the bytes after LL and CP).
struct DdmObject {
  std::uint16_t cp = 0;
  std::string data;
};

// One DSS as read from the wire.
struct Dss {
  DssType type = DssType::Request;
  std::uint8_t flags = 0;       // kChained, kSameCorrelator, kContinueOnError
  std::uint16_t correlation = 0;
  DdmObject object;             // the one object a DSS carries

  bool chained() const { return (flags & kChained) != 0; }
};

// Reads one DSS from the front of `in`: nullopt while `in` does not hold a whole one (read
// more); `used` is the bytes it took. Throws DdmError on a broken header or object.
std::optional<Dss> read_dss(std::string_view in, std::size_t& used);

// A request chain: DSSes up to the first that is not chained (nullopt while it is incomplete).
// A DSS that promised the same correlator (X'50') must be followed by one with it.
std::optional<std::vector<Dss>> read_chain(std::string_view in, std::size_t& used);

// The parameters inside an object's data (LL/CP/data each). Throws DdmError when one
// overruns the data.
std::vector<DdmObject> read_parameters(std::string_view data);
// The first parameter with code point `cp`, if any.
const DdmObject* find(const std::vector<DdmObject>& params, std::uint16_t cp);

// Writing: an object's bytes, a DSS around an object, and a chain of DSSes.
std::string object_bytes(std::uint16_t cp, std::string_view data);
std::string dss_bytes(DssType type, std::uint8_t flags, std::uint16_t correlation, std::string_view object);

// A chain of DSSes to send (a reply, or a client's request): every DSS but the last is marked
// chained with the same correlation ID.
class DssChain {
 public:
  explicit DssChain(std::uint16_t correlation) : correlation_(correlation) {}
  // A command or reply message (RQSDSS / RPYDSS) or an object (OBJDSS): `cp` and its data.
  DssChain& add(DssType type, std::uint16_t cp, std::string_view data);
  bool empty() const { return parts_.empty(); }
  std::string bytes() const;

 private:
  std::uint16_t correlation_;
  std::vector<std::pair<DssType, std::string>> parts_;  // each an object's bytes
};

// A parameter (LL/CP/data) for a command or reply's data; a 2-byte one (SVRCOD, SECMEC, ...).
inline std::string param(std::uint16_t cp, std::string_view data) { return object_bytes(cp, data); }
std::string param16(std::uint16_t cp, std::uint16_t v);

// Big-endian integers, as DDM carries them.
std::uint16_t be16(std::string_view s, std::size_t at);
void put16(std::string& out, std::uint16_t v);
void put32(std::string& out, std::uint32_t v);

}  // namespace zgate::odbm
