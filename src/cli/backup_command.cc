// disrupt backup: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int BackupCommand(const Argv&) {
  std::cerr << "disrupt backup: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
