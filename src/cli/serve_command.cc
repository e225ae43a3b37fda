// disrupt serve: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int ServeCommand(const Argv&) {
  std::cerr << "disrupt serve: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
