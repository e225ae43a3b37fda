// disrupt encode: not yet part of this build.
#include <iostream>

#include "cli/commands.h"

namespace disrupt::cli {

int EncodeCommand(const Argv&) {
  std::cerr << "disrupt encode: not available in this build yet\n";
  return 70;
}

}  // namespace disrupt::cli
