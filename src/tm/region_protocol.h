#pragma once
// The conversation between the control process and one dependent region, over a local stream
// socket (the region's fd 3). Both ends are the same binary on the same machine, so integers
// travel in host byte order; each frame is a 4-byte length, a 1-byte type and the body.
//
//   region  -> control   Ready                      once, when the region is up
//   control -> region    Schedule                   one message to run
//   region  -> control   Chng / Auth / RegionCheck  a DL/I call that needs RACF; the region
//   control -> region    Answer                     waits for the answer (synchronous)
//   region  -> control   Ical                       a synchronous callout (DL/I ICAL); the
//   control -> region    IcalAnswer                 region waits for the response or timeout
//   region  -> control   DbCall                     a database call (GU, ISRT, ...) on a DB PCB;
//   control -> region    DbAnswer                   the DL/I engine runs in the control process
//   region  -> control   Rolb / Chkp                back out / commit the database changes so
//   control -> region    DbAnswer                   far (ROLL is a Done with rc 778)
//   region  -> control   Inqy (DBQUERY)             the databases' availability: DbAnswer, the
//   control -> region    DbAnswer                   I/O PCB's status, io: 2 letters per DB PCB
//   region  -> control   Done | LoadFailed          end of the message
//
// The control process closes its end to end the region (the region exits on EOF).
#include <chrono>
#include <memory>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace zgate::tm::proto {

enum class Type : std::uint8_t {
  Ready = 1,
  Schedule = 2,
  Answer = 3,
  IcalAnswer = 4,
  DbAnswer = 5,
  Chng = 10,
  Auth = 11,
  RegionCheck = 12,
  Ical = 13,
  DbCall = 14,
  Rolb = 15,
  Chkp = 16,
  Inqy = 17,
  Done = 20,
  LoadFailed = 21,
};

// A frame longer than this is a broken peer, not a message (IMS messages are far smaller).
inline constexpr std::uint32_t kMaxFrame = 64u << 20;

struct ProtocolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Frame {
  Type type = Type::Ready;
  std::string body;
};

class Writer {
 public:
  Writer& u32(std::uint32_t v);
  Writer& i32(std::int32_t v) { return u32(static_cast<std::uint32_t>(v)); }
  Writer& str(const std::string& s);
  Writer& strs(const std::vector<std::string>& v);
  std::string take() { return std::move(buf_); }

 private:
  std::string buf_;
};

class Reader {
 public:
  explicit Reader(const std::string& b) : b_(b) {}
  std::uint32_t u32();
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  std::string str();
  std::vector<std::string> strs();

 private:
  const std::string& b_;
  std::size_t pos_ = 0;
};

// What the region needs to build a DB PCB mask; the PCB's state lives in the control process.
struct DbPcbInfo {
  std::string dbd, procopt, pcbname;
  std::uint32_t keylen = 0, sensitive_segments = 0;
};

struct Schedule {
  std::string psb, program_path, trancode, lterm, userid, group;
  std::string region_userid;  // whom the region runs as for this message (FULL: the requester)
  std::vector<std::string> segments;
  std::vector<DbPcbInfo> db_pcbs;  // the PSB's database PCBs, in PSB order
};
std::string encode(const Schedule& s);
// The same with `segments` in place of s.segments: the control process writes a message's
// segments from the queue, not from a copy of them in a Schedule.
std::string encode(const Schedule& s, const std::vector<std::string>& segments);
Schedule decode_schedule(const std::string& body);

// Chng: a = destination. Auth / RegionCheck: a = class, b = resource, c = access.
struct Request {
  std::string a, b, c;
};
std::string encode(const Request& r);
Request decode_request(const std::string& body);

struct Answer {
  std::int32_t status = 0;  // packed DL/I status (zgate/dli.h)
  std::int32_t racf_rc = 0;
};
std::string encode(const Answer& a);
Answer decode_answer(const std::string& body);

// Ical: the program's ICAL SENDRECV. The response is cut to `response_cap` bytes by the
// control side (the program's area, at most ZG_ICAL_MAX_DATA), so a large response never
// makes a large frame.
struct Ical {
  std::string destination;
  std::uint32_t timeout_ms = 0;    // 0: the descriptor's default
  std::uint32_t response_cap = 0;  // the most response bytes the region can use
  std::vector<std::string> segments;  // the request
};
std::string encode(const Ical& c);
Ical decode_ical(const std::string& body);

struct IcalAnswer {
  std::uint32_t retcode = 0;  // AIBRETRN (zgate/dli.h ZG_AIB_RC_*)
  std::uint32_t reason = 0;   // AIBREASN
  std::uint32_t errxt = 0;    // AIBERRXT (the client's NAK reason)
  std::uint32_t total = 0;    // the response's full length (more than `segments` hold when cut)
  std::vector<std::string> segments;  // the response, at most Ical::response_cap bytes in all
};
std::string encode(const IcalAnswer& a);
IcalAnswer decode_ical_answer(const std::string& body);

// A database call: the DB PCB (0-based among the DB PCBs), the function, the SSAs, and for
// ISRT/REPL/DLET the I/O area's data; `cap`: the most segment bytes the program's area holds
// (the control side cuts the answer to it).
struct DbCall {
  std::uint32_t pcb = 0;
  std::string function;
  std::vector<std::string> ssas;
  std::string io;
  std::uint32_t cap = 0;
};
std::string encode(const DbCall& c);
DbCall decode_db_call(const std::string& body);

struct DbAnswer {
  std::int32_t status = 0;     // packed DL/I status
  std::string io;              // at most DbCall::cap bytes of the retrieved data
  std::uint32_t io_len = 0;    // its full length
  std::int32_t level = 0;      // the mask after the call
  std::string segment, key_feedback;
};
std::string encode(const DbAnswer& a);
DbAnswer decode_db_answer(const std::string& body);

struct AltMessage {
  std::string destination;
  std::vector<std::string> segments;
};
struct Done {
  std::int32_t rc = 0;                 // the entry point's return value
  std::vector<std::string> reply;      // ISRTs to the I/O PCB
  std::vector<AltMessage> alternate;   // messages built on alternate PCBs
};
std::string encode(const Done& d);
Done decode_done(const std::string& body);

// Blocking write on the socket. send uses MSG_NOSIGNAL so a dead peer is an error, not SIGPIPE.
bool write_frame(int fd, Type type, const std::string& body);

// Pending: nothing (or not a whole frame) has arrived yet (try_read only).
enum class ReadStatus { Ok, Closed, TimedOut, Pending };

// Frames from one socket, read with as few system calls as the data allows: whatever has
// arrived is taken in one recv (a whole Schedule or Done usually is), and poll is called only
// when nothing is waiting. One reader per socket, used by one thread at a time; it keeps what
// it read beyond the frame it returned for the next call. Its room grows with the bytes that
// arrive, never with what a header announces before they do.
class FrameReader {
 public:
  explicit FrameReader(int fd) : fd_(fd) {}
  // Blocks until a frame arrives (nullopt on EOF or error); throws ProtocolError when oversized.
  std::optional<Frame> read();
  // As read(), giving up at `deadline`.
  ReadStatus read_until(std::chrono::steady_clock::time_point deadline, Frame& out);
  // Never waits: a frame if a whole one has arrived, else Pending (or Closed).
  ReadStatus try_read(Frame& out);
  // Whether a whole frame is already buffered (no system call needed to read it).
  bool has_frame() const;

 private:
  ReadStatus next(const std::optional<std::chrono::steady_clock::time_point>& deadline, Frame& out,
                  bool wait = true);
  bool take(Frame& out);

  std::size_t buffered() const { return end_ - begin_; }
  std::uint32_t buffered_length() const;  // the length field of the buffered frame header
  static constexpr std::size_t kKeptRoom = 64 * 1024;  // kept between frames

  int fd_;
  std::unique_ptr<char[]> buf_;  // unread bytes are [begin_, end_); not zero-filled as it grows
  std::size_t cap_ = 0, begin_ = 0, end_ = 0;
};

}  // namespace zgate::tm::proto
