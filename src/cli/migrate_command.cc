// disrupt migrate: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int MigrateCommand(const Argv&) {
  std::cerr << "disrupt migrate: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
