package eu.custodia.server.notices.internal;

import eu.custodia.server.platform.LedgerEvent;
import eu.custodia.server.platform.LedgerEventRecorded;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the elevation module's ledger events into notices: a synchronous listener, so it runs in the recording
 * transaction (the ledger publishes {@link LedgerEventRecorded} there) and writes the notice and its outbox rows
 * with the change itself. A change that rolls back leaves no notice and sends nothing; a change that commits has
 * its notice. Unlike an after-commit observer, a failure here fails the change, as a failure to write its ledger
 * event would: the customer is never left untold. Other events cost one lookup in a small enum.
 */
@Component
final class NoticeRecorder {

    private final NoticeStore store;

    NoticeRecorder(NoticeStore store) {
        this.store = store;
    }

    @EventListener
    void recorded(LedgerEventRecorded recorded) {
        LedgerEvent event = recorded.event();
        if (event.tenant() == null || !event.action().startsWith("elevation.")) {
            return;
        }
        NoticeKind.ofAction(event.action()).ifPresent(kind -> store.record(kind, event));
    }
}
