// disrupt plan: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int PlanCommand(const Argv&) {
  std::cerr << "disrupt plan: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
