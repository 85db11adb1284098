// `zgate region`: one dependent region. It owns no security state: every decision it needs
// (CHNG, AUTH, the region check) is asked of the control process, which holds the ACEEs. A
// program that crashes takes only this process down; the control process restarts it.
#include "tm/region_main.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <map>
#include <string>

#include "tm/region_dli.h"
#include "tm/region_protocol.h"
#include "tm/region_sandbox.h"

namespace zgate::tm {

namespace {
constexpr int kControlFd = 3;  // handed over by posix_spawn in region_process.cpp
}

int region_main(int, char**) {
  // A closed control socket must end the region through an error return, not SIGPIPE.
  std::signal(SIGPIPE, SIG_IGN);
  if (::fcntl(kControlFd, F_GETFD) < 0) {
    std::fprintf(stderr, "zgate region: no control socket on fd 3 (started by zgate serve only)\n");
    return 2;
  }
  // Confined before anything is loaded, and before Ready: a region that cannot confine itself
  // never gets a message (the control process reports it and retries). The sandbox is the
  // programs' only boundary: in IMS a dependent region cannot touch the RACF database.
  if (std::string error; !sandbox::enter({}, error)) {
    std::fprintf(stderr, "zgate region: %s\n", error.c_str());
    return 2;
  }
  if (!proto::write_frame(kControlFd, proto::Type::Ready, {})) return 2;

  // Programs stay loaded for the life of the region, as IMS keeps a preloaded program: a
  // rebuilt program is picked up when the region restarts.
  std::map<std::string, zg_program_fn> loaded;
  proto::FrameReader control(kControlFd);
  try {
    for (;;) {
      auto f = control.read();
      if (!f) return 0;  // the control process closed us: normal end
      if (f->type != proto::Type::Schedule) return 2;
      proto::Schedule s = proto::decode_schedule(f->body);

      zg_program_fn fn = nullptr;
      if (auto it = loaded.find(s.program_path); it != loaded.end()) {
        fn = it->second;
      } else {
        void* h = ::dlopen(s.program_path.c_str(), RTLD_NOW | RTLD_LOCAL);
        std::string why;
        if (!h) {
          const char* e = ::dlerror();
          why = e ? e : "dlopen failed";
        } else {
          fn = reinterpret_cast<zg_program_fn>(::dlsym(h, ZG_ENTRY_POINT));
          if (!fn) why = std::string(ZG_ENTRY_POINT) + " not found in " + s.program_path;
        }
        if (!fn) {
          if (!proto::write_frame(kControlFd, proto::Type::LoadFailed, proto::Writer().str(why).take()))
            return 0;
          continue;
        }
        loaded.emplace(s.program_path, fn);
      }

      RegionCall call(kControlFd, control, std::move(s));
      int rc = fn(call.dli());
      if (!proto::write_frame(kControlFd, proto::Type::Done, proto::encode(call.finish(rc)))) return 0;
    }
  } catch (const proto::ProtocolError& e) {
    std::fprintf(stderr, "zgate region: %s\n", e.what());
    return 2;
  }
}

}  // namespace zgate::tm
