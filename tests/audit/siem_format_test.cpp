// LEEF, CEF and RFC 5424 output pinned byte for byte, hostile values included: a value must
// never end a record, start a forged field or header, or carry a raw control character or
// invalid UTF-8 to the receiver.
#include <gtest/gtest.h>

#include "audit/cef.h"
#include "audit/leef.h"
#include "audit/siem_text.h"
#include "audit/syslog_format.h"
#include "sample_events.h"

namespace zgate::audit {
namespace {

using testing::refusal;

Event hostile() {
  Event e;
  e.time = 0;
  e.code = EventCode::None;
  e.component = "CONNECT";
  e.component_code = "BAD|ID";
  e.user = "a|b=c\\d\ne\rf\tg";
  e.detail = std::string("x\x01y\x7fz\xff\xc3(") + "\xc2\x85" + "]\"end";
  return e;
}

TEST(AuditLeef, ARefusalWithQRadarsKeys) {
  EXPECT_EQ(to_leef(refusal()),
            "LEEF:2.0|zgate|zgate|1.0|ACCESS|x09|devTime=2025-12-08T02:30:18Z\tdevTimeFormat=yyyy-MM-dd'T'HH:mm:ssX"
            "\tcat=INSUFFICIENT AUTHORITY\tevent=2\tqualifier=1\tviolation=true\twarning=false\tsev=6\tracf_rc=8"
            "\tusrName=IMSUSR1\tgroup=SYS1\tcomponent=OTMA\tdoor=IRM\tsrc=192.0.2.7\tsrcPort=40123\tclass=TIMS"
            "\tresource=PAYROLL\tpolicy=PAY*\tgeneric=true\taccess_requested=READ\tcorrelation=IC00000000000000a1");
}

TEST(AuditLeef, HostileValuesAreEscapedAndTheDelimiterNeverAppearsInAValue) {
  std::string s = to_leef(hostile());
  EXPECT_EQ(s,
            "LEEF:2.0|zgate|zgate|1.0|BAD\\|ID|x09|devTime=1970-01-01T00:00:00Z\tdevTimeFormat=yyyy-MM-dd'T'HH:mm:ssX"
            "\tcat=CONNECT BAD|ID\tevent=0\tqualifier=0\tcomponent_code=BAD|ID\tviolation=false\twarning=false\tsev=2"
            "\tracf_rc=0\tusrName=a|b=c\\\\d\\ne\\rf\\tg\tcomponent=CONNECT"
            "\tdetail=x\\x01y\\x7Fz\xEF\xBF\xBD\xEF\xBF\xBD(\\x85]\"end");
  EXPECT_EQ(s.find('\n'), std::string::npos);
}

TEST(AuditCef, ARefusalWithArcSightsKeys) {
  EXPECT_EQ(to_cef(refusal()),
            "CEF:0|zgate|zgate|1.0|ACCESS|INSUFFICIENT AUTHORITY|6|rt=1765161018000 outcome=failure event=2 "
            "qualifier=1 violation=true warning=false cn1Label=racfRc cn1=8 suser=IMSUSR1 group=SYS1 cat=OTMA "
            "door=IRM src=192.0.2.7 spt=40123 cs2Label=racfClass cs2=TIMS cs3Label=resource cs3=PAYROLL "
            "cs1Label=racfProfile cs1=PAY* generic=true act=READ cs4Label=correlation cs4=IC00000000000000a1");
}

TEST(AuditCef, HostileValuesAreEscapedInTheHeaderAndTheExtension) {
  std::string s = to_cef(hostile());
  EXPECT_EQ(s,
            "CEF:0|zgate|zgate|1.0|BAD\\|ID|CONNECT BAD\\|ID|2|rt=0 outcome=success event=0 qualifier=0 "
            "component_code=BAD|ID violation=false warning=false cn1Label=racfRc cn1=0 suser=a|b\\=c\\\\d\\ne\\rf\\tg "
            "cat=CONNECT msg=x\\x01y\\x7Fz\xEF\xBF\xBD\xEF\xBF\xBD(\\x85]\"end");
  EXPECT_EQ(s.find('\n'), std::string::npos);
}

TEST(AuditSiemText, AControlCharacterInAHeaderFieldCannotEndTheRecord) {
  Event e = hostile();
  e.component_code = "X\nCEF:0|forged\r";
  std::string cef = to_cef(e), leef = to_leef(e);
  EXPECT_EQ(cef.rfind("CEF:0|zgate|zgate|1.0|X\\nCEF:0\\|forged\\r|CONNECT X\\nCEF:0\\|forged\\r|2|", 0), 0u) << cef;
  EXPECT_EQ(leef.rfind("LEEF:2.0|zgate|zgate|1.0|X\\nCEF:0\\|forged\\r|x09|", 0), 0u) << leef;
  for (const std::string& s : {cef, leef})
    for (char c : s) EXPECT_FALSE(static_cast<unsigned char>(c) < 0x20 && c != '\t') << s;
}

TEST(AuditSyslog, Rfc5424WithStructuredDataAndTheChosenPayload) {
  SyslogFormat f;
  f.hostname = "zgate1";
  f.payload = SyslogPayload::Cef;
  std::string m = to_syslog(refusal(), f);
  std::string pid = std::to_string(::getpid());
  // authpriv (10) * 8 + warning (4) = 84
  EXPECT_EQ(m, "<84>1 2025-12-08T02:30:18Z zgate1 zgate " + pid +
                   " ACCESS [zgate@32473 event=\"2\" qualifier=\"1\" severity=\"6\" violation=\"true\" "
                   "user=\"IMSUSR1\" source_ip=\"192.0.2.7\" correlation=\"IC00000000000000a1\"] " +
                   to_cef(refusal()));
  EXPECT_EQ(octet_frame("abc"), "3 abc");
  EXPECT_EQ(octet_frame(m), std::to_string(m.size()) + " " + m);
}

TEST(AuditSyslog, StructuredDataValuesEscapeQuoteBackslashAndBracket) {
  Event e = hostile();
  e.user = "x\"y\\z]w\n";
  SyslogFormat f;
  f.hostname = "host with space";
  std::string m = to_syslog(e, f);
  EXPECT_NE(m.find(" host_with_space zgate "), std::string::npos) << m;
  EXPECT_NE(m.find(" BAD|ID [zgate@32473 "), std::string::npos) << m;
  EXPECT_NE(m.find("user=\"x\\\"y\\\\z\\]w\\n\""), std::string::npos) << m;
  EXPECT_EQ(m.find('\n'), std::string::npos);
  // The JSON payload is the trail's record without its newline.
  EXPECT_EQ(m.back(), '}');
}

TEST(AuditSyslog, WithoutStructuredDataTheHeaderIsFollowedByNil) {
  SyslogFormat f;
  f.hostname = "zgate1";
  f.payload = SyslogPayload::Leef;
  f.structured_data = false;
  EXPECT_EQ(to_syslog(refusal(), f),
            "<84>1 2025-12-08T02:30:18Z zgate1 zgate " + std::to_string(::getpid()) + " ACCESS - " + to_leef(refusal()));
}

TEST(AuditSyslog, SeverityMapsOntoSyslogLevels) {
  Event e;
  e.severity = 10;
  EXPECT_EQ(syslog_severity(e), 2);
  e.severity = 8;
  EXPECT_EQ(syslog_severity(e), 3);
  e.severity = 6;
  EXPECT_EQ(syslog_severity(e), 4);
  e.severity = 4;
  EXPECT_EQ(syslog_severity(e), 5);
  e.severity = 1;
  EXPECT_EQ(syslog_severity(e), 6);
}

TEST(AuditSiemText, InvalidUtf8BecomesReplacementCharacters) {
  std::string out;
  siem::append_escaped(out, "ok\xe2\x82\xac \xed\xa0\x80 \xf4\x90\x80\x80 \xc0\xaf", "");
  // The euro sign stays; a surrogate, a code point past U+10FFFF and an overlong '/' do not.
  EXPECT_EQ(out, "ok\xe2\x82\xac \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD "
                 "\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace zgate::audit
