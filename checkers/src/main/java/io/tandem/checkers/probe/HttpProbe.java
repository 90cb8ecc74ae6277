package io.tandem.checkers.probe;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.channel.IoEventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.concurrent.ScheduledFuture;
import io.tandem.checkers.core.Outcome;
import io.tandem.checkers.core.ProbeResult;
import io.tandem.checkers.spec.HttpSpec;
import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * HTTP and HTTPS GET check (keepalived HTTP_GET / SSL_GET). Sends one request with {@code
 * Connection: close}, checks the status, then, only when a digest or regex is configured, reads the
 * body up to the configured bound: MD5 over the whole body (as genhash) and the regex over its text.
 * Plain HTTP judged on the status alone runs without a Netty channel on epoll ({@link
 * EpollHttpGet}); TLS, digests and regexes go through a channel pipeline with Netty's decoder.
 */
public final class HttpProbe implements Probe {
  private static final String USER_AGENT = "tandem-checker";

  private final HttpSpec spec;
  private final ProbeContext context;
  private final StreamConnector connector;
  /** The whole request, encoded once: every attempt sends the same bytes. */
  private final byte[] requestBytes;
  /** Whether attempts run as {@link EpollHttpGet} (no channel). */
  private final boolean lean;
  /** {@code expectedStatus[code]}: whether {@code code} is up, for {@link EpollHttpGet}. */
  private final boolean[] expectedStatus;
  private static final Map<Set<Integer>, boolean[]> STATUS_TABLES = new ConcurrentHashMap<>();
  private final Pattern bodyPattern;
  private final SslContext sslContext;
  private final String hostHeader;
  private final String tlsPeerName;

  public HttpProbe(HttpSpec spec, ProbeContext context) {
    this.spec = spec;
    this.context = context;
    this.bodyPattern = spec.bodyRegex().map(Pattern::compile).orElse(null);
    this.hostHeader = spec.virtualHost().orElseGet(() -> defaultHost(spec));
    this.tlsPeerName = spec.sni().or(spec::virtualHost).orElse(spec.target().address().getHostAddress());
    this.sslContext = spec.tls() ? clientContext(spec.verifyCertificate()) : null;
    this.connector = new StreamConnector(spec.target(), context);
    this.requestBytes = encodeRequest(spec.path(), hostHeader);
    // Plain HTTP judged on the status alone (the usual HTTP_GET) skips the channel: EpollHttpGet.
    this.lean = connector.epoll() && !spec.tls() && !spec.needsBody()
        && requestBytes.length <= EpollHttpGet.MAX_REQUEST;
    this.expectedStatus = lean ? statusTable(spec.expectedStatus()) : null;
  }

  /** {@code table[code]} tells whether {@code code} is up; one table per distinct set, shared. */
  private static boolean[] statusTable(Set<Integer> codes) {
    return STATUS_TABLES.computeIfAbsent(codes, c -> {
      boolean[] table = new boolean[600];
      c.forEach(code -> table[code] = true); // HttpSpec keeps codes within 100..599
      return table;
    });
  }

  private static String defaultHost(HttpSpec spec) {
    String host = spec.target().address().getHostAddress();
    if (spec.target().address() instanceof Inet6Address) {
      int scope = host.indexOf('%');
      host = "[" + (scope >= 0 ? host.substring(0, scope) : host) + "]";
    }
    int defaultPort = spec.tls() ? 443 : 80;
    return spec.target().port() == defaultPort ? host : host + ":" + spec.target().port();
  }

  private static volatile SslContext verifying;
  private static volatile SslContext trusting;

  /** Building an SslContext loads the trust store; two shared ones (verify on/off) serve every probe. */
  private static SslContext clientContext(boolean verify) {
    try {
      if (verify) {
        if (verifying == null) {
          verifying = SslContextBuilder.forClient().build();
        }
        return verifying;
      }
      if (trusting == null) {
        trusting = SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build();
      }
      return trusting;
    } catch (SSLException e) {
      throw new IllegalStateException("cannot build a TLS client context: " + e.getMessage(), e);
    }
  }

  @Override
  public CompletableFuture<ProbeResult> run(Duration timeout) {
    Attempt attempt = new Attempt(context.clock());
    long timeoutMillis = Math.max(1, timeout.toMillis());
    if (lean) {
      EpollHttpGet.start((IoEventLoop) context.transport().group().next(), connector.remote(), connector.local(),
          timeoutMillis, requestBytes, expectedStatus, attempt);
      return attempt.future;
    }
    ChannelPromise connect = connector.connect(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        if (sslContext != null) {
          SslHandler ssl = sslContext.newHandler(ch.alloc(), tlsPeerName, connector.remote().getPort());
          configureEngine(ssl.engine());
          ssl.setHandshakeTimeoutMillis(0); // the attempt's own timeout bounds the handshake
          ssl.handshakeFuture().addListener(f -> {
            if (!f.isSuccess()) {
              attempt.fail("tls handshake", f.cause());
            }
          });
          ch.pipeline().addLast(ssl);
        }
        ch.pipeline().addLast(new HttpResponseDecoder(4096, 16384, 16384));
        ch.pipeline().addLast(new ResponseHandler(attempt));
      }
    }, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
    Channel channel = connect.channel();
    connect.addListener(f -> {
      if (!f.isSuccess()) {
        attempt.fail("connect", f.cause());
        return;
      }
      // With TLS, SslHandler holds this write until the handshake is done.
      channel.writeAndFlush(Unpooled.wrappedBuffer(requestBytes)).addListener(w -> {
        if (!w.isSuccess()) {
          attempt.fail("send request", w.cause());
        }
      });
    });
    ScheduledFuture<?> timer = channel.eventLoop().schedule(
        () -> attempt.fail(Outcome.TIMEOUT, "no complete answer within " + timeoutMillis + " ms"),
        timeoutMillis, TimeUnit.MILLISECONDS);
    attempt.future.whenComplete((r, e) -> {
      timer.cancel(false);
      StreamConnector.closeLater(channel);
    });
    return attempt.future;
  }

  /** {@code GET path HTTP/1.1} with Host, Connection: close, User-Agent and Accept, as bytes. */
  static byte[] encodeRequest(String path, String host) {
    return ("GET " + path + " HTTP/1.1\r\n"
        + "Host: " + host + "\r\n"
        + "Connection: close\r\n"
        + "User-Agent: " + USER_AGENT + "\r\n"
        + "Accept: */*\r\n"
        + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
  }

  private void configureEngine(SSLEngine engine) {
    SSLParameters params = engine.getSSLParameters();
    if (spec.verifyCertificate()) {
      params.setEndpointIdentificationAlgorithm("HTTPS");
    }
    if (isHostName(tlsPeerName)) {
      params.setServerNames(List.of(new SNIHostName(tlsPeerName)));
    }
    engine.setSSLParameters(params);
  }

  private static boolean isHostName(String s) {
    return !s.isEmpty() && !s.contains(":") && !s.chars().allMatch(c -> c == '.' || Character.isDigit(c));
  }

  /** Reads one response; completes the attempt at the first verdict. */
  private final class ResponseHandler extends SimpleChannelInboundHandler<HttpObject> {
    private final Attempt attempt;
    private MessageDigest md5;
    private ByteArrayOutputStream body;
    private long bodyBytes;
    private boolean headersSeen;

    ResponseHandler(Attempt attempt) {
      this.attempt = attempt;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
      if (attempt.done()) {
        return;
      }
      if (msg.decoderResult().isFailure()) {
        Throwable cause = msg.decoderResult().cause();
        if (cause instanceof PrematureChannelClosureException) {
          attempt.fail(Outcome.PREMATURE_CLOSE, "connection closed after " + bodyBytes + " body bytes");
        } else {
          attempt.fail(Outcome.PROTOCOL_ERROR, "malformed response: " + cause.getMessage());
        }
        return;
      }
      if (msg instanceof HttpResponse response) {
        headersSeen = true;
        int status = response.status().code();
        if (!spec.expectedStatus().contains(status)) {
          attempt.fail(Outcome.BAD_STATUS, "status " + status);
          return;
        }
        if (!spec.needsBody()) {
          attempt.ok();
          return;
        }
        md5 = newMd5();
        body = new ByteArrayOutputStream();
      }
      if (msg instanceof HttpContent content && md5 != null) {
        int n = content.content().readableBytes();
        bodyBytes += n;
        if (bodyBytes > spec.maxBodyBytes()) {
          attempt.fail(Outcome.BODY_TOO_LARGE, "body larger than " + spec.maxBodyBytes() + " bytes");
          return;
        }
        byte[] chunk = new byte[n];
        content.content().getBytes(content.content().readerIndex(), chunk);
        md5.update(chunk);
        if (bodyPattern != null) {
          body.writeBytes(chunk);
        }
        if (content instanceof LastHttpContent) {
          finish();
        }
      }
    }

    private void finish() {
      if (spec.digest().isPresent()) {
        String actual = HexFormat.of().formatHex(md5.digest());
        if (!actual.equals(spec.digest().get())) {
          attempt.fail(Outcome.DIGEST_MISMATCH, "md5 " + actual + ", expected " + spec.digest().get());
          return;
        }
      }
      if (bodyPattern != null) {
        String text = body.toString(StandardCharsets.UTF_8);
        if (!bodyPattern.matcher(text).find()) {
          attempt.fail(Outcome.REGEX_MISMATCH, "body does not match /" + bodyPattern.pattern() + "/");
          return;
        }
      }
      attempt.ok();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      attempt.fail(Outcome.PREMATURE_CLOSE, headersSeen
          ? "connection closed after " + bodyBytes + " body bytes"
          : "connection closed before a response");
      super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      attempt.fail(headersSeen ? "read body" : "read response", cause);
      ctx.close();
    }
  }

  private static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 missing from this JDK", e);
    }
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
