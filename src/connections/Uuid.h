#pragma once

#include <string>

namespace wx::connections {

// A random (version 4) UUID such as "3b241101-e2bb-4255-8caf-4136c566a962".
std::string makeUuidV4();

}  // namespace wx::connections
