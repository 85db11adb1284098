// zgate send [--tls ...] [--user U --password P | --passticket] [--group G] [--datastore D]
//            [--cm0 | --sendonly | --sendonly-ack] HOST:PORT TRANCODE [DATA]
// zgate send [options] --resume TPIPE [--option auto|noauto|single|wait] [--nak] HOST:PORT
// zgate cmd  [same options] HOST:PORT '/DIS OTMA'
// An IMS Connect client in the HWSSMPL1 (or HWSSMPL0) format: sends one transaction, IMS
// command or RESUME TPIPE, prints each reply (or the RSM decoded in words), and answers every
// message that wants it with an ACK or a NAK (or, for a callout request, with a response), so
// that a person can walk through each IBM flow by hand.
#include <CLI/CLI.hpp>

#include <iostream>

#include "client_args.h"
#include "common.h"
#include "connect/client.h"
#include "connect/doors/irm/irm.h"
#include "connect/return_codes.h"
#include "connect/doors/irm/rsm.h"
#include "core/text.h"

namespace zgate::app {

namespace {

int send_one(int argc, char** argv, bool command) {
  CLI::App app{command ? "Send an IMS command (/DIS OTMA, /SECURE OTMA ..., /STA TRAN ...) through IMS Connect."
                       : "Send a transaction through IMS Connect and print the reply.",
               command ? "zgate cmd" : "zgate send"};
  std::string trancode, data, user, group, datastore = "IMS1", client_id;
  std::string format = "SAMPL1", sync = "none", socket_type = "transaction";
  TransportArgs transport;
  PasswordArgs pw;
  pw.db = kDefaultDb;
  bool ascii = false;
  int timer = 0;
  std::string resume, option = "noauto", callout = "none", callout_response, reroute;
  bool cm0 = false, sendonly = false, sendonly_ack = false, nak = false, keep = false, purge = false;
  int nak_reason = -1;
  add_transport_options(app, transport);
  if (command) app.add_option("COMMAND", data, "the IMS command, e.g. '/DIS OTMA'")->required();
  else {
    app.add_option("TRANCODE", trancode, "transaction code (not with --resume)");
    app.add_option("DATA", data, "data after the transaction code");
    app.add_flag("--cm0", cm0, "commit mode 0: the output is committed to the client ID's tpipe, then sent and ACKed");
    app.add_flag("--sendonly", sendonly, "SENDONLY (IRM_F4 'S'): no reply; the output waits on the client ID's tpipe");
    app.add_flag("--sendonly-ack", sendonly_ack, "SENDONLYA (IRM_F4 'K'): as --sendonly, IMS Connect ACKs");
    app.add_option("--reroute", reroute, "CM0: reroute undeliverable output to this tpipe (HWS$DEF if empty)");
    app.add_flag("--purge", purge, "CM0: purge undeliverable output");
    app.add_option("--resume", resume, "RESUME TPIPE: collect the output held on this tpipe (the client ID, or any tpipe as IRM_RT_ALTCID)");
    app.add_option("--option", option, "RESUME TPIPE delivery: single, wait (single with wait), auto or noauto")->capture_default_str();
    app.add_option("--callout", callout, "RESUME TPIPE for callout requests: none, sync (only) or both")->capture_default_str();
    app.add_option("--callout-response", callout_response, "answer each synchronous callout request with this text (IRM_F4 'L')");
  }
  bool ack_flag = false;
  app.add_flag("--ack", ack_flag, "answer each message that wants it with an ACK (the default)");
  app.add_flag("--nak", nak, "answer with a NAK instead of an ACK");
  app.add_option("--nak-reason", nak_reason, "NAK reason code (IRM_NAK_RSNCDE, IRM_F0 X'10')");
  app.add_flag("--keep", keep, "NAK a callout request but keep it on the tpipe (IRM_F0 X'20')");
  app.add_option("--user", user, "RACF user ID (IRM_RACF_USERID)");
  app.add_option("--password", pw.password, "password (IRM_RACF_PW); prefer --password-env");
  app.add_option("--password-env", pw.password_env, "read the password from this environment variable");
  app.add_flag("--passticket", pw.passticket, "generate a PassTicket for --user and --appl from the local security database (--db)");
  app.add_option("--appl", pw.appl, "application name for the PassTicket (IRM_APPL_NM)");
  app.add_option("--db", pw.db, "security database for --passticket")->capture_default_str();
  app.add_option("--audit", pw.audit, kAuditOptionHelp);
  app.add_option("--group", group, "RACF group (IRM_RACF_GRNAME)");
  app.add_option("--datastore", datastore, "data store ID (IRM_IMSDESTID)")->capture_default_str();
  app.add_option("--client-id", client_id, "client ID (blank: IMS Connect generates one)");
  app.add_option("--format", format, "SAMPL1 (HWSSMPL1) or SAMPLE (HWSSMPL0)")->capture_default_str();
  app.add_flag("--ascii", ascii, "send the IRM and data in ASCII (default EBCDIC)");
  app.add_option("--sync", sync, "sync level: none or confirm (confirm sends the ACK)")->capture_default_str();
  app.add_option("--socket", socket_type, "transaction, persistent or nonpersistent")->capture_default_str();
  app.add_option("--timer", timer, "IRM_TIMER byte (0 = the server's TIMEOUT=)")->capture_default_str()->check(CLI::Range(0, 255));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  if (!command && resume.empty() && trancode.empty()) {
    std::cerr << "zgate send: TRANCODE is required (or --resume TPIPE)\n";
    return 2;
  }
  auto co_opt = client_options(transport, command ? "zgate cmd" : "zgate send");
  if (!co_opt) return 2;
  const connect::ClientOptions& co = *co_opt;

  connect::Request r;
  r.format = core::upper(format) == "SAMPLE" ? connect::ExitFormat::Hwssmpl0 : connect::ExitFormat::Hwssmpl1;
  r.encoding = ascii ? connect::Encoding::Ascii : connect::Encoding::Ebcdic;
  r.irm.client_id = client_id;
  r.irm.userid = user;
  r.irm.group = group;
  r.irm.datastore = datastore;
  r.irm.appl_name = pw.appl;
  r.irm.timer = static_cast<std::uint8_t>(timer);
  r.irm.trancode = command ? "" : trancode;
  if (sync == "confirm") r.irm.f3 |= connect::irmf::kF3SyncConfirm;
  r.irm.socket_type = socket_type == "persistent"      ? connect::irmf::kSoctPersistent
                      : socket_type == "nonpersistent" ? connect::irmf::kSoctNonPersistent
                                                       : connect::irmf::kSoctTransaction;
  auto password = resolve_password(pw, user, command ? "zgate cmd" : "zgate send");
  if (!password) return pw.passticket ? 8 : 2;
  r.irm.password = std::move(*password);
  if (!resume.empty()) {
    r.irm.type = connect::MessageType::ResumeTpipe;
    r.irm.trancode.clear();
    // The client's own tpipe is its client ID; any other tpipe is named as the alternate.
    if (core::upper(resume) != core::upper(client_id)) {
      r.irm.alt_client_id = resume;
      r.irm.arch = 1;  // IRM_RT_ALTCID is in the ARCH1 part of the IRM
    }
    const std::string o = core::upper(option);
    r.irm.f5 = o == "SINGLE" ? connect::irmf::kF5Single
               : o == "WAIT" ? connect::irmf::kF5SingleWait
               : o == "AUTO" ? connect::irmf::kF5Auto
                             : connect::irmf::kF5NoAuto;
    if (callout == "sync") r.irm.f0 |= connect::irmf::kF0SynOnly;
    if (callout == "both") r.irm.f0 |= connect::irmf::kF0SynAsyn;
    if (callout != "none") r.irm.arch = 3;  // callout needs the correlation token field
  } else {
    std::string text = command ? data : (data.empty() ? trancode : trancode + " " + data);
    r.segments.push_back(connect::Segment{0, connect::encode_chars(text, r.encoding, core::CodePage::IBM037)});
    // IBM: a data-carrying message needs the code in its first segment; the IRM carries it too.
    if (sendonly) r.irm.type = connect::MessageType::SendOnly;
    if (sendonly_ack) r.irm.type = connect::MessageType::SendOnlyA;
    if (cm0) {
      r.irm.f2 = connect::irmf::kF2Cm0;
      r.irm.f3 |= connect::irmf::kF3SyncConfirm;  // IBM: CM0 supports sync level CONFIRM only
      if (purge) r.irm.f3 |= connect::irmf::kF3Purge;
      if (!reroute.empty() || app.count("--reroute")) {
        r.irm.f3 |= connect::irmf::kF3Reroute;
        r.irm.reroute_name = reroute;
      }
    }
  }

  connect::Client client(co);
  client.connect();
  client.send(r);
  // Every reply: data (answered with ACK/NAK when it asks), until an RSM or a reply that
  // wants nothing more.
  for (;;) {
    connect::Reply reply = client.read_reply(r.format);
    if (reply.rsm) {
      std::cout << "RSM " << connect::describe_rsm(*reply.rsm) << "\n";
      const auto rc = reply.rsm->return_code;
      // The timeout at the end of a RESUME TPIPE or CM0 exchange is how IBM ends them.
      const bool normal_end = rc == 0 || ((cm0 || !resume.empty()) &&
                                          (rc == connect::rc::kTimerExpired || rc == connect::rc::kDefaultTimerExpired ||
                                           rc == connect::rc::kTimerExpiredKept));
      return normal_end ? 0 : static_cast<int>(rc);
    }
    if (reply.generated_client_id) std::cerr << "client ID " << *reply.generated_client_id << "\n";
    if (reply.correlation_token) std::cout << "callout request: ";
    if (!reply.segments.empty() || !reply.csm || !reply.csm->ack_required())
      std::cout << connect::reply_text(reply, r.encoding) << "\n";
    if (!reply.csm || !reply.csm->ack_required()) return 0;
    connect::Request ans = r;
    ans.segments.clear();
    ans.irm.f0 = 0;
    ans.irm.alt_client_id.clear();
    if (reply.correlation_token && !callout_response.empty() && !nak) {
      // The response in place of the ACK (IRM_F4 'L': IMS Connect ACKs it with a CSM).
      ans.irm.type = connect::MessageType::SynRespA;
      ans.irm.arch = 3;
      std::copy(reply.correlation_token->begin(), reply.correlation_token->end(), ans.irm.correlation_token.begin());
      ans.segments.push_back(connect::Segment{0, connect::encode_chars(callout_response, r.encoding, core::CodePage::IBM037)});
      client.send(ans);
      connect::Reply ok = client.read_reply(r.format);
      if (ok.rsm) std::cout << "callout response: RSM " << connect::describe_rsm(*ok.rsm) << "\n";
      else std::cout << "callout response accepted\n";
      continue;
    }
    ans.irm.password = core::SecretString();
    ans.irm.type = nak ? connect::MessageType::Nak : connect::MessageType::Ack;
    if (nak && nak_reason >= 0) {
      ans.irm.f0 |= connect::irmf::kF0NakRsn;
      ans.irm.nak_reason = static_cast<std::uint16_t>(nak_reason);
    }
    if (nak && keep) ans.irm.f0 |= connect::irmf::kF0SyncNak;
    client.send(ans);
  }
}

}  // namespace

int run_send(int argc, char** argv) { return send_one(argc, argv, false); }
int run_cmd(int argc, char** argv) { return send_one(argc, argv, true); }

}  // namespace zgate::app
