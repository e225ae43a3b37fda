// disrupt restore: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int RestoreCommand(const Argv&) {
  std::cerr << "disrupt restore: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
