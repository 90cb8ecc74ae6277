package io.tandem.vrrp.net;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;

/** libc calls for the unicast raw IP socket, through JNA; structs are byte arrays. Linux LP64 only. */
interface RawSocketLibC extends Library {
  RawSocketLibC INSTANCE = load();

  int AF_INET = 2;
  int AF_INET6 = 10;
  int SOCK_RAW = 3;
  int SOCK_CLOEXEC = 0x80000;
  int SOL_SOCKET = 1;
  int SO_RCVBUF = 8;
  int SO_BINDTODEVICE = 25;
  int IPPROTO_IP = 0;
  int IP_TOS = 1;
  int IP_TTL = 2;
  int IPPROTO_IPV6 = 41;
  int IPV6_UNICAST_HOPS = 16;
  int IPV6_TCLASS = 67;

  int socket(int domain, int type, int protocol) throws LastErrorException;

  int bind(int fd, byte[] address, int addressLength) throws LastErrorException;

  int setsockopt(int fd, int level, int option, byte[] value, int valueLength) throws LastErrorException;

  long sendto(int fd, byte[] buffer, long length, int flags, byte[] address, int addressLength)
      throws LastErrorException;

  int close(int fd) throws LastErrorException;

  private static RawSocketLibC load() {
    if (Native.LONG_SIZE != 8 || !com.sun.jna.Platform.isLinux()) {
      throw new UnsupportedOperationException("raw sockets here need 64-bit Linux");
    }
    return Native.load("c", RawSocketLibC.class);
  }
}
