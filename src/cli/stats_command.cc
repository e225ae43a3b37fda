// disrupt stats: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int StatsCommand(const Argv&) {
  std::cerr << "disrupt stats: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
