#include "core/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace zgate::core {

std::int64_t SystemClock::now() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const Clock& system_clock() {
  static const SystemClock c;
  return c;
}

std::int64_t day_number(std::int64_t t) { return t >= 0 ? t / 86400 : (t - 86399) / 86400; }

std::string racf_julian_date(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d.%03d", tm.tm_year % 100, tm.tm_yday + 1);
  return buf;
}

std::int64_t parse_racf_date(const std::string& s) {
  int mm = 0, dd = 0, yy = 0;
  char tail = 0;
  if (s.size() != 8 || std::sscanf(s.c_str(), "%2d/%2d/%2d%c", &mm, &dd, &yy, &tail) != 3) return -1;
  if (mm < 1 || mm > 12 || dd < 1 || dd > 31) return -1;
  int year = yy >= 71 ? 1900 + yy : 2000 + yy;
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int maxd = mdays[mm - 1] + (mm == 2 && leap ? 1 : 0);
  if (dd > maxd) return -1;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mm - 1;
  tm.tm_mday = dd;
  return static_cast<std::int64_t>(timegm(&tm));
}

}  // namespace zgate::core
