package io.tandem.sync.model;

import java.util.Objects;

/**
 * One change to a forwarding table, the unit an engine applies (and may refuse). Deleting a service
 * also removes its real servers, as IPVS does.
 */
public sealed interface SyncOp {
  ServiceKey service();

  record AddService(ServiceSpec spec) implements SyncOp {
    public AddService {
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public ServiceKey service() {
      return spec.key();
    }

    @Override
    public String toString() {
      return "add-service " + spec.key() + " " + spec.scheduler().ipvsName() + persistenceLabel(spec);
    }
  }

  record EditService(ServiceSpec spec) implements SyncOp {
    public EditService {
      Objects.requireNonNull(spec, "spec");
    }

    @Override
    public ServiceKey service() {
      return spec.key();
    }

    @Override
    public String toString() {
      return "edit-service " + spec.key() + " " + spec.scheduler().ipvsName() + persistenceLabel(spec);
    }
  }

  record DeleteService(ServiceKey service) implements SyncOp {
    public DeleteService {
      Objects.requireNonNull(service, "service");
    }

    @Override
    public String toString() {
      return "delete-service " + service;
    }
  }

  record AddDest(ServiceKey service, DestSpec dest) implements SyncOp {
    public AddDest {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(dest, "dest");
    }

    @Override
    public String toString() {
      return "add-dest " + service + " -> " + dest.address() + " w=" + dest.weight() + " " + dest.method();
    }
  }

  record EditDest(ServiceKey service, DestSpec dest) implements SyncOp {
    public EditDest {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(dest, "dest");
    }

    @Override
    public String toString() {
      return "edit-dest " + service + " -> " + dest.address() + " w=" + dest.weight() + " " + dest.method();
    }
  }

  record DeleteDest(ServiceKey service, RealServerAddress address) implements SyncOp {
    public DeleteDest {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(address, "address");
    }

    @Override
    public String toString() {
      return "delete-dest " + service + " -> " + address;
    }
  }

  private static String persistenceLabel(ServiceSpec spec) {
    Persistence p = spec.persistence();
    return p.enabled() ? " persistent " + p.timeoutSeconds() + "s /" + p.prefixLength() : "";
  }
}
