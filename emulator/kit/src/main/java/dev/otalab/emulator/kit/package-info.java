/**
 * The virtual kit: one emulated PSoC 6 board with power, user button, console UART, user LED,
 * watchdog, flash, MCUboot (plain or with the rollback-to-factory bootloader) and an emulated
 * application (psoc6-kits.md §6–§7, DESIGN.md "Emulated firmware behaviour").
 *
 * <pre>{@code
 * ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);   // shared by all kits
 * VirtualKit kit = VirtualKit.create(KitSpec.builder()
 *         .id("emu-1").kit("CY8CPROTO-062S2-43439")
 *         .flashmap(Flashmap.read(Path.of("flashmap/psoc62_2m_rollback_swap.json")))
 *         .bootloader(BootloaderKind.ROLLBACK)
 *         .trustedKey(McubootKey.read(Path.of("keys/otalab-test-ec-p256.pub.pem"), null))
 *         .scheduler(timers)
 *         .build());
 * kit.program(FlashTarget.ofArea("factory"), factoryBin, ImageFormat.BIN);
 * kit.powerOn();                                   // bootloader: no valid image, waits for the button
 * kit.press(200);                                  // rollback copy, factory app starts
 * kit.expect(ExpectRequest.of("Waiting for user button press event", 0)).join();
 * kit.led(3000);                                   // periodMs 1000
 * }</pre>
 *
 * Sub-packages: {@code app} (the emulated applications and their TLV 0x00A0 description),
 * {@code rollback} (the factory-image transfer of the rollback bootloader).
 */
package dev.otalab.emulator.kit;
