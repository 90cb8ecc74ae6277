package io.tandem.checkers.probe;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;

/** The few libc calls Java has no API for: raw ICMP sockets, setns, and signalling a process group. */
interface LibC extends Library {
  LibC INSTANCE = Native.load("c", LibC.class);

  int AF_INET = 2;
  int AF_INET6 = 10;
  int SOCK_RAW = 3;
  int SOCK_CLOEXEC = 0x80000;
  int IPPROTO_ICMP = 1;
  int IPPROTO_ICMPV6 = 58;
  int SOL_SOCKET = 1;
  int SO_RCVTIMEO = 20;
  int O_RDONLY = 0;
  int O_CLOEXEC = 0x80000;
  int CLONE_NEWNET = 0x40000000;
  int SIGKILL = 9;
  int EINTR = 4;
  int EAGAIN = 11;
  int ESRCH = 3;

  int socket(int domain, int type, int protocol) throws LastErrorException;

  int bind(int fd, byte[] addr, int addrlen) throws LastErrorException;

  int setsockopt(int fd, int level, int option, byte[] value, int len) throws LastErrorException;

  long sendto(int fd, byte[] buf, long len, int flags, byte[] addr, int addrlen) throws LastErrorException;

  long recvfrom(int fd, byte[] buf, long len, int flags, byte[] addr, IntByReference addrlen)
      throws LastErrorException;

  int close(int fd) throws LastErrorException;

  int open(String path, int flags) throws LastErrorException;

  int setns(int fd, int nstype) throws LastErrorException;

  int kill(int pid, int sig) throws LastErrorException;
}
