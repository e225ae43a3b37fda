// disrupt export: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int ExportCommand(const Argv&) {
  std::cerr << "disrupt export: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
