package io.tandem.checkers.probe;

import io.tandem.checkers.spec.DnsSpec;
import io.tandem.checkers.spec.FileSpec;
import io.tandem.checkers.spec.HttpSpec;
import io.tandem.checkers.spec.IcmpSpec;
import io.tandem.checkers.spec.ProbeSpec;
import io.tandem.checkers.spec.ProcessSpec;
import io.tandem.checkers.spec.ScriptSpec;
import io.tandem.checkers.spec.SmtpSpec;
import io.tandem.checkers.spec.TcpSpec;
import io.tandem.checkers.spec.UdpSpec;

/** Builds the probe for a spec: the one place that knows which class serves which type. */
public final class Probes {
  private Probes() {}

  public static Probe create(ProbeSpec spec, ProbeContext context) {
    return switch (spec) {
      case TcpSpec s -> new TcpProbe(s, context);
      case HttpSpec s -> new HttpProbe(s, context);
      case UdpSpec s -> new UdpProbe(s, context);
      case IcmpSpec s -> new IcmpProbe(s, context);
      case DnsSpec s -> new DnsProbe(s, context);
      case SmtpSpec s -> new SmtpProbe(s, context);
      case ProcessSpec s -> new ProcessProbe(s, context);
      case ScriptSpec s -> new ScriptProbe(s, context);
      case FileSpec s -> new FileProbe(s, context);
    };
  }
}
