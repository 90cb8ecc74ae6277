package io.tandem.sync.nft;

import io.tandem.sync.model.AddressFamily;

/** Runs nft: the one place the nftables engine touches the system. */
public interface NftRunner {
  /** Runs {@code script} as one transaction ({@code nft -f -}); throws with nft's message on failure. */
  void runTransaction(String script) throws NftException;

  /** The output of {@code nft list table <family> tandem}, or empty when that table does not exist. */
  String listTable(AddressFamily family) throws NftException;

  /** nft failed; the message carries nft's own error text. */
  final class NftException extends Exception {
    public NftException(String message) {
      super(message);
    }

    public NftException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
