#include "core/sqlite.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

namespace zgate::core::sqlite {

int create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return 0;
  }
  return errno == EEXIST ? 0 : errno;
}

}  // namespace zgate::core::sqlite
