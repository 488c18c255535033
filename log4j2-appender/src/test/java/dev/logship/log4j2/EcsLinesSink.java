package dev.logship.log4j2;

import dev.logship.core.encode.EcsEncoder;
import dev.logship.core.encode.EncoderSettings;
import dev.logship.core.encode.EventEncoder;
import dev.logship.core.sink.Sink;

/** A test sink that receives ECS documents one per line; subclasses decide what to keep. */
abstract class EcsLinesSink implements Sink {

    @Override
    public EventEncoder encoder(EncoderSettings settings) {
        EcsEncoder ecs = new EcsEncoder(settings);
        return (event, id, limits, out) -> {
            ecs.encode(event, id, limits, out);
            out.writeRaw('\n');
        };
    }

    @Override
    public String describe() {
        return getClass().getSimpleName();
    }

    @Override
    public void close() {
    }
}
