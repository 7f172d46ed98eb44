package dev.timeos.job;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

import java.time.Instant;

/** Instants are stored as epoch milliseconds UTC (see the V1 migration for why). */
@Converter
public class EpochMillisConverter implements AttributeConverter<Instant, Long> {

    @Override
    public Long convertToDatabaseColumn(Instant attribute) {
        return attribute == null ? null : attribute.toEpochMilli();
    }

    @Override
    public Instant convertToEntityAttribute(Long column) {
        return column == null ? null : Instant.ofEpochMilli(column);
    }
}
