// disrupt resolve: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int ResolveCommand(const Argv&) {
  std::cerr << "disrupt resolve: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
