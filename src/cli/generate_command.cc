// disrupt generate: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int GenerateCommand(const Argv&) {
  std::cerr << "disrupt generate: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
