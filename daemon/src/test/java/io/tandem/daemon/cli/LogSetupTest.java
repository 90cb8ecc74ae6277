package io.tandem.daemon.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {
  @Test
  void oneLinePerEventToStderrAtInfo() {
    LoggerContext context = new LoggerContext();
    LogSetup setup = new LogSetup();
    setup.setContext(context);
    assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, setup.configure(context));
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertEquals(Level.INFO, root.getLevel());
    ConsoleAppender<ILoggingEvent> stderr = (ConsoleAppender<ILoggingEvent>) root.getAppender("STDERR");
    assertEquals("System.err", stderr.getTarget());
    PatternLayoutEncoder encoder = assertInstanceOf(PatternLayoutEncoder.class, stderr.getEncoder());
    Logger log = context.getLogger("io.tandem.x.Thing");
    var event = new ch.qos.logback.classic.spi.LoggingEvent(Logger.FQCN, log, Level.WARN, "VIP {} restored", null,
        new Object[] {"192.0.2.10"});
    event.setThreadName("vrrp");
    assertEquals("WARN  [vrrp] Thing: VIP 192.0.2.10 restored" + System.lineSeparator(),
        new String(encoder.encode(event), StandardCharsets.UTF_8));
  }

  @Test
  void theDaemonsOwnLoggingIsSetUpThisWay() {
    // Found through META-INF/services: the running logger context has the STDERR appender.
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
  }
}
