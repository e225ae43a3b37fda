// disrupt show: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int ShowCommand(const Argv&) {
  std::cerr << "disrupt show: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
