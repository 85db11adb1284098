// zgate send [--tls ...] [--user U --password P | --passticket] [--group G] [--datastore D]
//            HOST:PORT TRANCODE [DATA]
// zgate cmd  [same options] HOST:PORT '/DIS OTMA'
// An IMS Connect client in the HWSSMPL1 (or HWSSMPL0) format: sends one transaction or IMS
// command and prints the reply, or the RSM decoded in words.
#include <CLI/CLI.hpp>

#include <iostream>

#include "common.h"
#include "connect/client.h"
#include "connect/irm.h"
#include "connect/return_codes.h"
#include "connect/rsm.h"
#include "core/text.h"

namespace zgate::app {

namespace {

int send_one(int argc, char** argv, bool command) {
  CLI::App app{command ? "Send an IMS command (/DIS OTMA, /SECURE OTMA ..., /STA TRAN ...) through IMS Connect."
                       : "Send a transaction through IMS Connect and print the reply.",
               command ? "zgate cmd" : "zgate send"};
  std::string target, trancode, data, user, group, datastore = "IMS1", client_id, appl, db = kDefaultDb;
  std::string password, ca, cert, key, format = "SAMPL1", sync = "none", socket_type = "transaction";
  bool tls = false, passticket = false, ascii = false;
  int timer = 0;
  app.add_option("TARGET", target, "HOST:PORT of IMS Connect")->required();
  if (command) app.add_option("COMMAND", data, "the IMS command, e.g. '/DIS OTMA'")->required();
  else {
    app.add_option("TRANCODE", trancode, "transaction code")->required();
    app.add_option("DATA", data, "data after the transaction code");
  }
  app.add_option("--user", user, "RACF user ID (IRM_RACF_USERID)");
  app.add_option("--password", password, "password (IRM_RACF_PW); prefer --password-env");
  std::string password_env;
  app.add_option("--password-env", password_env, "read the password from this environment variable");
  app.add_flag("--passticket", passticket, "generate a PassTicket for --user and --appl from the local security database (--db)");
  app.add_option("--appl", appl, "application name for the PassTicket (IRM_APPL_NM)");
  app.add_option("--db", db, "security database for --passticket")->capture_default_str();
  app.add_option("--group", group, "RACF group (IRM_RACF_GRNAME)");
  app.add_option("--datastore", datastore, "data store ID (IRM_IMSDESTID)")->capture_default_str();
  app.add_option("--client-id", client_id, "client ID (blank: IMS Connect generates one)");
  app.add_option("--format", format, "SAMPL1 (HWSSMPL1) or SAMPLE (HWSSMPL0)")->capture_default_str();
  app.add_flag("--ascii", ascii, "send the IRM and data in ASCII (default EBCDIC)");
  app.add_option("--sync", sync, "sync level: none or confirm (confirm sends the ACK)")->capture_default_str();
  app.add_option("--socket", socket_type, "transaction, persistent or nonpersistent")->capture_default_str();
  app.add_option("--timer", timer, "IRM_TIMER byte (0 = the server's TIMEOUT=)")->capture_default_str()->check(CLI::Range(0, 255));
  app.add_flag("--tls", tls, "connect with TLS");
  app.add_option("--ca", ca, "CA file (PEM) to verify the server");
  app.add_option("--cert", cert, "client certificate (PEM)");
  app.add_option("--key", key, "client key (PEM)");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }

  auto colon = target.rfind(':');
  if (colon == std::string::npos) {
    std::cerr << "zgate: TARGET must be HOST:PORT\n";
    return 2;
  }
  connect::ClientOptions co;
  co.host = target.substr(0, colon);
  co.port = static_cast<std::uint16_t>(std::stoi(target.substr(colon + 1)));
  co.tls = tls;
  co.ca_file = ca;
  co.cert_file = cert;
  co.key_file = key;

  connect::Request r;
  r.format = core::upper(format) == "SAMPLE" ? connect::ExitFormat::Hwssmpl0 : connect::ExitFormat::Hwssmpl1;
  r.encoding = ascii ? connect::Encoding::Ascii : connect::Encoding::Ebcdic;
  r.irm.client_id = client_id;
  r.irm.userid = user;
  r.irm.group = group;
  r.irm.datastore = datastore;
  r.irm.appl_name = appl;
  r.irm.timer = static_cast<std::uint8_t>(timer);
  r.irm.trancode = command ? "" : trancode;
  if (sync == "confirm") r.irm.f3 |= connect::irmf::kF3SyncConfirm;
  r.irm.socket_type = socket_type == "persistent"      ? connect::irmf::kSoctPersistent
                      : socket_type == "nonpersistent" ? connect::irmf::kSoctNonPersistent
                                                       : connect::irmf::kSoctTransaction;
  if (!password_env.empty()) {
    const char* v = std::getenv(password_env.c_str());
    if (!v) {
      std::cerr << "zgate: environment variable " << password_env << " is not set\n";
      return 2;
    }
    password = v;
  }
  if (passticket) {
    Opened o = open_database(db);
    std::string why;
    auto t = o.sm->generate_passticket(core::upper(user), core::upper(appl), saf::SecurityManager::TicketKind::Auto, &why);
    if (!t) {
      std::cerr << "zgate: no PassTicket: " << why << "\n";
      return 8;
    }
    password = *t;
  }
  r.irm.password = core::SecretString(password);
  std::string text = command ? data : (data.empty() ? trancode : trancode + " " + data);
  r.segments.push_back(connect::Segment{0, connect::encode_chars(text, r.encoding, core::CodePage::IBM037)});
  // IBM: a data-carrying message needs the code in its first segment; the IRM carries it too.

  connect::Client client(co);
  client.connect();
  client.send(r);
  connect::Reply reply = client.read_reply(r.format);
  if (reply.rsm) {
    std::cout << "RSM " << connect::describe_rsm(*reply.rsm) << "\n";
    return static_cast<int>(reply.rsm->return_code ? reply.rsm->return_code : 0);
  }
  if (reply.generated_client_id) std::cerr << "client ID " << *reply.generated_client_id << "\n";
  std::cout << connect::reply_text(reply, r.encoding) << "\n";
  if (reply.csm && reply.csm->ack_required()) {
    connect::Request ack = r;
    ack.irm.type = connect::MessageType::Ack;
    ack.segments.clear();
    ack.irm.password = core::SecretString();
    client.send(ack);
    connect::Reply fin = client.read_reply(r.format);
    if (fin.rsm) std::cerr << "after ACK: " << connect::describe_rsm(*fin.rsm) << "\n";
  }
  return 0;
}

}  // namespace

int run_send(int argc, char** argv) { return send_one(argc, argv, false); }
int run_cmd(int argc, char** argv) { return send_one(argc, argv, true); }

}  // namespace zgate::app
