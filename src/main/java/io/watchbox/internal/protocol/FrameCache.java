package io.watchbox.internal.protocol;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * What one message becomes in another protocol (MQTT), each kind made once and shared by every
 * subscriber that frames the message alike: a fan-out to a hundred MQTT subscribers encodes its
 * PUBLISH once rather than a hundred times. Any thread may ask: two that make the same kind at once
 * make equal ones, and either is kept.
 *
 * <p>Not part of the message's value: every cache equals every other, so that messages compare by
 * what they carry.
 */
public final class FrameCache {

    /** Kinds run from 0 to this, exclusive. */
    public static final int KINDS = 18;

    private volatile AtomicReferenceArray<Object> made;

    /** The frame of this kind, made by {@code make} the first time it is asked for. */
    @SuppressWarnings("unchecked")
    public <T> T get(int kind, Supplier<T> make) {
        AtomicReferenceArray<Object> frames = made;
        if (frames == null) {
            frames = new AtomicReferenceArray<>(KINDS); // most messages never meet an MQTT subscriber
            made = frames;
        }
        Object frame = frames.get(kind);
        if (frame == null) {
            frame = make.get();
            frames.set(kind, frame);
        }
        return (T) frame;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FrameCache;
    }

    @Override
    public int hashCode() {
        return 0;
    }

    @Override
    public String toString() {
        return "FrameCache";
    }
}
