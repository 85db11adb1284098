#pragma once
// DBDGEN and PSBGEN decks for db's tests, parsed as the readers get them.
#include <gtest/gtest.h>

#include <string>

#include "core/proclib.h"

namespace zgate::db::testing {

// IBM's IVP phone book as the tests of every layer define it: HIDAM DFSIVD1 (root A1111111,
// 40 bytes, key the last name in bytes 1-10), its primary index DFSIVD1I, and PSB DFSIVP1 with
// one DB PCB, PROCOPT=A, KEYLEN=10 (docs/proclib-sample holds the full decks).
inline const char* const kPhoneBook =
    "         DBD   NAME=DFSIVD1,ACCESS=(HIDAM,OSAM)\n"
    "         SEGM  NAME=A1111111,PARENT=0,BYTES=40\n"
    "         FIELD NAME=(A1111111,SEQ,U),BYTES=10,START=1,TYPE=C\n"
    "         LCHILD NAME=(A1111111,DFSIVD1I),PTR=INDX\n"
    "         DBDGEN\n"
    "         END\n";
inline const char* const kPhoneIndex =
    "         DBD   NAME=DFSIVD1I,ACCESS=(INDEX,VSAM,PROT)\n"
    "         SEGM  NAME=A1111111,BYTES=10\n"
    "         FIELD NAME=(A1111111,SEQ,U),BYTES=10,START=1\n"
    "         LCHILD NAME=(A1111111,DFSIVD1),INDEX=A1111111\n"
    "         DBDGEN\n"
    "         END\n";
inline const char* const kIvpPsb =
    "         PCB   TYPE=DB,DBDNAME=DFSIVD1,PROCOPT=A,KEYLEN=10\n"
    "         SENSEG NAME=A1111111,PARENT=0\n"
    "         PSBGEN LANG=C,PSBNAME=DFSIVP1\n"
    "         END\n";

inline core::Member deck(const std::string& name, const std::string& text) {
  auto r = core::parse_member(name, text, core::MemberFormat::Stage1);
  EXPECT_TRUE(r.ok()) << (r.error ? r.error->to_string() : "");
  return r.member;
}

}  // namespace zgate::db::testing
