/** Webhook POSTs over the JDK HttpClient. Edge: network. */
package io.tandem.notify.webhook;
