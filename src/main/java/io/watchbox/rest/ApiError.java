package io.watchbox.rest;

/** The JSON body of every 4xx answer. */
public record ApiError(String code, String reason) {
}
