// Wiring only: builds the adapters and use cases from the configuration and runs them.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "platform/config.h"

namespace tsunagu::main {

// Opens the store and applies migrations. Prints errors to stderr; returns the exit code.
int RunMigrate(const platform::Config& config);

// Serves until SIGINT or SIGTERM. With demo, the demo staff are added first.
int RunServe(const platform::Config& config, bool demo);

// Adds a staff account; prints the generated password once if none was given.
int RunStaffAdd(const platform::Config& config, const std::string& login, const std::string& name,
                const std::string& role, const std::string& password);

// Prints a new data key: the base64 of 32 random bytes (`tsunagu keys generate`).
int RunKeysGenerate();

// Seals every stored value that is not under the current data key again, batch rows per
// transaction, printing progress (`tsunagu keys rotate`). Safe to stop and run again.
int RunKeysRotate(const platform::Config& config, std::size_t batch);

// Walks the audit log's hash chain, batch records per read, printing progress to stderr and the
// result to stdout (`tsunagu audit verify`). 0: intact; 1: the first record that does not
// belong, and why; 2: the store could not be read.
int RunAuditVerify(const platform::Config& config, std::size_t batch);

}  // namespace tsunagu::main
