// disrupt init: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int InitCommand(const Argv&) {
  std::cerr << "disrupt init: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
