package io.tandem.netlink;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * The handful of libc calls the netlink edge needs, bound through JNA. Structs are passed as byte
 * arrays laid out by the callers, which keeps this binding free of JNA Structure subclasses.
 * {@code size_t}/{@code ssize_t} are mapped to {@code long}: Linux LP64 only, checked at load.
 */
interface LibC extends Library {
  LibC INSTANCE = load();

  int AF_NETLINK = 16;
  int AF_INET = 2;
  int AF_INET6 = 10;
  int SOCK_RAW = 3;
  int SOCK_CLOEXEC = 0x80000;
  int NETLINK_ROUTE = 0;

  int SOL_SOCKET = 1;
  int SO_RCVBUF = 8;
  int SO_RCVTIMEO = 20;
  int SO_BINDTODEVICE = 25;
  int SOL_NETLINK = 270;
  int NETLINK_CAP_ACK = 10;
  int NETLINK_EXT_ACK = 11;

  int MSG_TRUNC = 0x20;

  int O_RDONLY = 0;
  int O_CLOEXEC = 0x80000;
  int CLONE_NEWNET = 0x40000000;

  int socket(int domain, int type, int protocol) throws LastErrorException;

  int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

  int setsockopt(int fd, int level, int option, byte[] value, int valueLength) throws LastErrorException;

  long send(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

  long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
      throws LastErrorException;

  long recv(int fd, byte[] buffer, long length, int flags) throws LastErrorException;

  int close(int fd) throws LastErrorException;

  int open(String path, int flags) throws LastErrorException;

  int setns(int fd, int nstype) throws LastErrorException;

  private static LibC load() {
    if (Native.LONG_SIZE != 8 || !com.sun.jna.Platform.isLinux()) {
      throw new UnsupportedOperationException("io.tandem.netlink needs 64-bit Linux");
    }
    return Native.load("c", LibC.class);
  }
}
