#pragma once
// Time for everything that depends on it (PassTicket windows, REVOKE/RESUME dates, password
// intervals, ACEE aging). Injected rather than read from the system so tests can stand at a
// window's edge exactly.
#include <cstdint>
#include <string>

namespace zgate::core {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since 1970-01-01 00:00:00 UTC.
  virtual std::int64_t now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::int64_t now() const override;
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t t) : t_(t) {}
  std::int64_t now() const override { return t_; }
  void set(std::int64_t t) { t_ = t; }
  void advance(std::int64_t s) { t_ += s; }

 private:
  std::int64_t t_;
};

const Clock& system_clock();

// Days since the epoch for a time, and the RACF date shapes used in listings and commands.
std::int64_t day_number(std::int64_t epoch_seconds);
// "yy.ddd" (Julian), the form LISTUSER prints (CREATED=, PASSDATE=, REVOKE DATE=).
std::string racf_julian_date(std::int64_t epoch_seconds);
// Parses a RACF command date: mm/dd/yy (REVOKE(date), RESUME(date)); two-digit years 71-99 are
// 19yy and 00-70 are 20yy, as RACF reads them. Returns epoch seconds of that day's midnight UTC,
// or -1 when the text is not a valid date.
std::int64_t parse_racf_date(const std::string& mmddyy);

}  // namespace zgate::core
