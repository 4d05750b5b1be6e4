// systemd's notification protocol (sd_notify(3)), spoken directly: one datagram to the socket
// named by NOTIFY_SOCKET (a path, or '@' for the abstract namespace). No libsystemd needed.
#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include <sys/socket.h>
#include <sys/un.h>

#include "restjwt/service.hpp"

namespace restjwt {

bool notify_service_manager(std::string_view state) {
  // NOLINTNEXTLINE(concurrency-mt-unsafe): read-only; nothing sets it while we run
  const char* socket_path = std::getenv("NOTIFY_SOCKET");
  if (socket_path == nullptr || socket_path[0] == '\0') return false;
  const std::size_t length = std::strlen(socket_path);
  sockaddr_un address{};
  if (length >= sizeof address.sun_path || (socket_path[0] != '/' && socket_path[0] != '@')) {
    return false;
  }
  address.sun_family = AF_UNIX;
  std::memcpy(address.sun_path, socket_path, length);
  if (address.sun_path[0] == '@') address.sun_path[0] = '\0';  // abstract namespace
  const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  const auto size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + length);
  const ssize_t sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                                reinterpret_cast<const sockaddr*>(&address), size);
  ::close(fd);
  return sent == static_cast<ssize_t>(state.size());
}

}  // namespace restjwt
