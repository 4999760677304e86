#pragma once
// A bare TCP connection to crmd, for what libcurl will not send: malformed heads, half-sent
// requests, silence.

#include <chrono>
#include <string>

namespace crm::testing {

class raw_connection {
public:
  /// Connects to 127.0.0.1:port (throws when it cannot).
  explicit raw_connection(int port);
  ~raw_connection();
  raw_connection(const raw_connection&) = delete;
  raw_connection& operator=(const raw_connection&) = delete;

  /// Writes all of `bytes`; false when the server has closed the connection.
  bool send(const std::string& bytes);
  /// Everything the server sends until it closes the connection or `wait` passes.
  std::string read_until_closed(std::chrono::milliseconds wait);
  /// Whether the server closed the connection by the end of `wait` (data before it is dropped).
  bool closed_within(std::chrono::milliseconds wait);

private:
  int fd_ = -1;
  bool closed_ = false;
};

/// The status code of an HTTP response's first line, 0 when there is none.
int status_of(const std::string& response);

}  // namespace crm::testing
