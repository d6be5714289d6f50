package com.example.api;

import java.util.List;

import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/catalog")
@CrossOrigin(origins = "https://shop.example.com", allowCredentials = "true")
public class CatalogController {

    @GetMapping("/items")
    public List<ItemDto> items() {
        return List.of();
    }

    @CrossOrigin
    @GetMapping("/public/categories")
    public List<String> categories() {
        return List.of("books", "music");
    }
}
