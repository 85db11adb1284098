// Reading the trail back (audit/trail_reader.h): a record written by the sink reads back as the
// event it was, and the filters of `zgate audit list` keep what an auditor asked for.
#include <gtest/gtest.h>

#include "audit/json_lines_sink.h"
#include "audit/trail_reader.h"

namespace zgate::audit {
namespace {

Event refusal() {
  Event e;
  e.time = 1'796'000'000;
  e.code = EventCode::Access;
  e.qualifier = access_q::kInsufficientAuthority;
  e.violation = true;
  e.user = "APPSRV1";
  e.group = "APPGRP";
  e.component = "ODBM";
  e.terminal = "127.0.0.66:40001";
  e.resource_class = "AIMS";
  e.resource = "CARDPSB";
  e.access_requested = "READ";
  e.racf_rc = 8;
  e.detail = "APSB REFUSED: \xC3\xA9t\xC3\xA9";
  return e;
}

TEST(TrailReader, ARecordReadsBackAsTheEventItWas) {
  auto t = read_record(to_chained_json_line(refusal(), std::string(64, '0')), 7);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->line, 7u);
  const Event& e = t->event;
  EXPECT_EQ(e.time, 1'796'000'000);
  EXPECT_EQ(e.code, EventCode::Access);
  EXPECT_EQ(e.qualifier, access_q::kInsufficientAuthority);
  EXPECT_TRUE(e.violation);
  EXPECT_EQ(e.user, "APPSRV1");
  EXPECT_EQ(e.terminal, "127.0.0.66:40001");
  EXPECT_EQ(e.resource_class, "AIMS");
  EXPECT_EQ(e.racf_rc, 8);
  EXPECT_EQ(e.detail, "APSB REFUSED: \xC3\xA9t\xC3\xA9");
  EXPECT_EQ(t->event_name, "ACCESS");
}

TEST(TrailReader, WhatIsNotARecordIsNotRead) {
  EXPECT_FALSE(read_record("", 1));
  EXPECT_FALSE(read_record("{\"time\":1", 1));
  EXPECT_FALSE(read_record("[1,2]", 1));
  EXPECT_FALSE(read_record("{\"user\":\"X\"}", 1));
}

TEST(TrailReader, TheFiltersKeepWhatTheAuditorAskedFor) {
  auto t = read_record(to_chained_json_line(refusal(), std::string(64, '0')), 1);
  ASSERT_TRUE(t);
  auto keeps = [&](TrailFilter f) { return matches(f, *t); };
  EXPECT_TRUE(keeps({}));
  EXPECT_TRUE(keeps({.user = "appsrv1"}));
  EXPECT_FALSE(keeps({.user = "JOEADMIN"}));
  EXPECT_TRUE(keeps({.source = "127.0.0.66"}));
  EXPECT_FALSE(keeps({.source = "127.0.0.10"}));
  EXPECT_TRUE(keeps({.event = "2"}));
  EXPECT_TRUE(keeps({.event = "access"}));
  EXPECT_FALSE(keeps({.event = "JOBINIT"}));
  EXPECT_TRUE(keeps({.component = "odbm"}));
  EXPECT_TRUE(keeps({.since = 1'796'000'000, .until = 1'796'000'000}));
  EXPECT_FALSE(keeps({.since = 1'796'000'001}));
  EXPECT_TRUE(keeps({.violations = true}));
}

TEST(TrailReader, TimesAreReadAsIsoUtcDatesOrSeconds) {
  EXPECT_EQ(parse_time("1796000000"), 1'796'000'000);
  EXPECT_EQ(parse_time("1970-01-02"), 86400);
  EXPECT_EQ(parse_time("1970-01-01T01:00:00Z"), 3600);
  EXPECT_FALSE(parse_time("yesterday"));
  EXPECT_FALSE(parse_time("2026-13-01"));
  EXPECT_FALSE(parse_time("2026-12-07T23:10:00"));  // no zone: refused rather than guessed
  EXPECT_EQ(format_time(3600), "1970-01-01 01:00:00");
}

}  // namespace
}  // namespace zgate::audit
