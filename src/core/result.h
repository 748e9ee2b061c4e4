// Expected failures travel as values: Result<T> = std::expected<T, Error>.
#pragma once

#include <expected>
#include <string>
#include <utility>

namespace tsunagu::core {

enum class ErrorCode {
  kInvalidArgument,   // the caller sent something malformed
  kNotFound,          // the thing asked for does not exist (or is not visible)
  kUnauthenticated,   // no valid credentials
  kPermissionDenied,  // valid credentials, but not allowed
  kConflict,          // a state transition that does not apply now
  kLimitExceeded,     // a named limit from limits.h, or a rate limit
  kUnavailable,       // a dependency is down or busy; retry later
  kInternal,          // a bug or an unexpected failure
};

const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
};

template <typename T>
using Result = std::expected<T, Error>;

using Status = Result<void>;

inline std::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return std::unexpected<Error>(Error{code, std::move(message)});
}

inline Status Ok() { return {}; }

}  // namespace tsunagu::core
