// Ctrl-C and SIGTERM ask the run to stop between benchmark samples: what is already
// measured is kept and the result file is marked interrupted. A second signal kills.
#pragma once

namespace ridgeline {

void install_stop_handlers();
bool stop_requested();
int stop_signal();  // the signal that asked to stop, 0 if none
// Asks the run to stop from inside the program (e.g. the result file cannot be updated).
void request_stop();
void clear_stop_request();

}  // namespace ridgeline
