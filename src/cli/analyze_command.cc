// disrupt analyze: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int AnalyzeCommand(const Argv&) {
  std::cerr << "disrupt analyze: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
