// disrupt match: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int MatchCommand(const Argv&) {
  std::cerr << "disrupt match: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
