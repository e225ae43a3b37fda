// disrupt user: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int UserCommand(const Argv&) {
  std::cerr << "disrupt user: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
