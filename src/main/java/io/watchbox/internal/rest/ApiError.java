package io.watchbox.internal.rest;

/** The JSON body of every 4xx answer. */
public record ApiError(String code, String reason) {
}
