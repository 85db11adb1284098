#pragma once
// The entry point of a dependent region process (`zgate region`): it reads work from its
// socket (fd 3, handed over by the control process), loads programs with dlopen and serves
// their DL/I calls. Returns the process exit code.
namespace zgate::tm {
int region_main(int argc, char** argv);
}
