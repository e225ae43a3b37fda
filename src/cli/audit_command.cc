// disrupt audit: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int AuditCommand(const Argv&) {
  std::cerr << "disrupt audit: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
