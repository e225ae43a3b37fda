// disrupt search: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int SearchCommand(const Argv&) {
  std::cerr << "disrupt search: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
