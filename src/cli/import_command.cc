// disrupt import: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int ImportCommand(const Argv&) {
  std::cerr << "disrupt import: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
