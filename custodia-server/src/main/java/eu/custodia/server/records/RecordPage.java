package eu.custodia.server.records;

import java.util.List;

/** One page of records in id order, and the opaque cursor of the next page (null on the last page). */
public record RecordPage(List<StoredRecord> records, String nextCursor) {

    public RecordPage {
        records = List.copyOf(records);
    }
}
