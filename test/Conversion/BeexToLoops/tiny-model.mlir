// RUN: beex-opt %s --beex-pack-weights --convert-beex-to-loops=vector-bits=512 --canonicalize | FileCheck %s --implicit-check-not="= beex."

// convert-beex-to-loops on hand-written IR: examples/tiny/model.mlir (2 blocks,
// D = 8, F = 12, local attention, binary activations) with the entropy_below
// policy, so that block 2 runs only when block 1 does not exit. The model
// function becomes @tiny_forward with the runtime's C ABI and its facts as a
// #beex.compiled_model, plus @tiny_task for the parts that may run on several
// threads; every tensor lives in the scratch buffer; each kernel is a named
// function that layers with the same shapes share; no beex op is left.

// Weights are read-only, 64-byte aligned globals.
// CHECK: memref.global "private" constant @tiny_weight{{[0-9]+}} : memref<{{.*}}> = dense<{{.*}}> {alignment = 64 : i64}
// CHECK-LABEL: func.func @tiny_forward(
// CHECK-SAME: %{{.*}}: memref<8xi32>, %[[LENGTH:[^:]*]]: i64, %[[SCRATCH:[^:]*]]: memref<[[BYTES:[0-9]+]]xi8>, %{{.*}}: f32, %{{.*}}: i64, %{{.*}}: i32, %{{.*}}: memref<2xf32>, %{{.*}}: memref<2xf32>, %[[RUNNER:[^:]*]]: memref<1xi8>) -> i32
// CHECK-SAME: beex.compiled_model = #beex.compiled_model<vocab_size = 16, max_positions = 8, labels = 2, layers = 2, policy = <entropy_below, threshold = 5.000000e-01, min_layer = 1>, scratch_bytes = [[BYTES]]>
// Block 1's kernels are tasks 1 to 10, which the runtime runs (on several
// threads where it has them): Q, K and V are one task (1) of 3 x S rows;
// attention is two tasks, the transposes of its 2 heads' keys (task 2) and
// then its 2 x ceil(S / 4) query tiles (task 3); a LayerNorm runs on the
// same rows in the task of the kernel that writes its input (the embedding's
// in task 0, the projection's in task 4) where that costs no scratch; the
// gate's second linear has no task: the candidate's second (task 9)
// computes its outputs in its epilogue. The others share out the rows. The
// exit head is not a task.
// CHECK: call @beex_parallel_task(%[[RUNNER]], %c0_i64, %[[LENGTH]])
// CHECK: call @beex_parallel_task(%[[RUNNER]], %c1_i64,
// CHECK: %[[PADDED:.*]] = arith.addi %[[LENGTH]], %c3_i64
// CHECK: %[[TILES:.*]] = arith.divui %[[PADDED]], %c4_i64
// CHECK: call @beex_parallel_task(%[[RUNNER]], %c2_i64, %c2_i64)
// CHECK: %[[ITEMS:.*]] = arith.muli %[[TILES]], %c2_i64
// CHECK: call @beex_parallel_task(%[[RUNNER]], %c3_i64, %[[ITEMS]])
// CHECK: call @beex_parallel_task(%[[RUNNER]], %c4_i64, %[[LENGTH]])
// CHECK: call @beex_parallel_task(%[[RUNNER]], %c9_i64, %[[LENGTH]])
// CHECK: memref.view %[[SCRATCH]]
// CHECK: call @beex_parallel_task(%[[RUNNER]], %c10_i64, %[[LENGTH]])
// CHECK: call @tiny_exit_0(
// CHECK: call @tiny_exit_1(
// Block 2 (tasks 11 to 19) runs only where block 1 does not exit.
// CHECK: scf.if
// CHECK-NEXT: } else {
// CHECK: func.call @beex_parallel_task(%[[RUNNER]], %c11_i64, %{{.*}})
// CHECK: func.call @beex_parallel_task(%[[RUNNER]], %c19_i64, %[[LENGTH]])
// CHECK: func.call @tiny_exit_1(
// CHECK: return

// A task rebuilds its views of the scratch buffer and runs its kernels,
// which layers with the same shapes share, on its share [begin, end): the
// embedding's rows and then the same rows of its LayerNorm.
// CHECK-LABEL: func.func private @tiny_task_0(
// CHECK-SAME: %{{.*}}: memref<8xi32>, %{{.*}}: i64, %{{.*}}: memref<[[BYTES]]xi8>, %[[BEGIN:[^:]*]]: i64, %[[END:[^:]*]]: i64)
// CHECK-DAG: %[[ROW0:.*]] = arith.index_cast %[[BEGIN]]
// CHECK-DAG: %[[ROWN:.*]] = arith.index_cast %[[END]]
// CHECK: call @tiny_embed_0(%{{.*}}, %[[ROW0]], %[[ROWN]],
// CHECK: call @tiny_layer_norm_0(%{{.*}}, %[[ROW0]], %[[ROWN]],
// The task of Q, K and V runs each kernel on its part of [begin, end):
// items [0, S) are Q's rows, [S, 2S) K's, [2S, 3S) V's.
// CHECK-LABEL: func.func private @tiny_task_1(
// CHECK-SAME: %[[TASK_BEGIN:[^:]*]]: i64, %[[TASK_END:[^:]*]]: i64)
// CHECK-DAG: %[[B:.*]] = arith.index_cast %[[TASK_BEGIN]] : i64 to index
// CHECK-DAG: %[[E:.*]] = arith.index_cast %[[TASK_END]] : i64 to index
// CHECK: %[[QB:.*]] = arith.minui %[[B]], %[[S:.*]] : index
// CHECK-NEXT: %[[QE:.*]] = arith.minui %[[E]], %[[S]] : index
// CHECK-NEXT: %[[Q:.*]] = arith.cmpi ult, %[[QB]], %[[QE]] : index
// CHECK-NEXT: scf.if %[[Q]] {
// CHECK: func.call @tiny_linear_binary_8x8_0(%[[S]], %[[QB]], %[[QE]],
// CHECK: %[[S2:.*]] = arith.addi %[[S]], %[[S]] : index
// CHECK-NEXT: %[[KB0:.*]] = arith.maxui %[[B]], %[[S]] : index
// CHECK-NEXT: %[[KB1:.*]] = arith.minui %[[KB0]], %[[S2]] : index
// CHECK-NEXT: %[[KB:.*]] = arith.subi %[[KB1]], %[[S]] : index
// CHECK: scf.if
// CHECK: func.call @tiny_linear_binary_8x8_0(%[[S]], %[[KB]],
// CHECK: scf.if
// CHECK: func.call @tiny_linear_binary_8x8_0(
// Its rows [begin, end) (%arg1, %arg2) in whole tiles of 4, then the rows
// left in a tile of 2 and a tile of 1, each if that many are left.
// CHECK-LABEL: func.func private @tiny_linear_binary_8x8_0(
// CHECK: %[[COUNT:.*]] = arith.subi %arg2, %arg1
// CHECK: %[[PAST:.*]] = arith.remui %[[COUNT]], %c4
// CHECK: %[[WHOLE_END:.*]] = arith.subi %arg2, %[[PAST]]
// CHECK: scf.for %{{.*}} = %arg1 to %[[WHOLE_END]] step %c4
// CHECK: arith.xori
// CHECK: math.ctpop
// CHECK: %[[LEFT:.*]] = arith.subi %arg2, %[[WHOLE_END]]
// CHECK: %[[PAIR:.*]] = arith.cmpi uge, %[[LEFT]], %c2
// CHECK: scf.if %[[PAIR]] {
// CHECK: %[[AT:.*]] = arith.select %[[PAIR]], %{{.*}}, %[[WHOLE_END]]
// CHECK: %[[LEFT_AFTER:.*]] = arith.subi %arg2, %[[AT]]
// CHECK: %[[ONE:.*]] = arith.cmpi uge, %[[LEFT_AFTER]], %c1
// CHECK: scf.if %[[ONE]] {
// Both attention tasks call one kernel. Its items below H transpose a head's
// keys; the others are query tiles, whole (4 queries) or the head's last,
// shorter one, whose queries run as a linear's rows left (2, then 1).
// CHECK-LABEL: func.func private @tiny_task_2(
// CHECK: call @tiny_attention_0(
// CHECK-LABEL: func.func private @tiny_attention_0(
// CHECK: scf.for %[[ITEM:.*]] = %
// CHECK: %[[TRANSPOSES:.*]] = arith.cmpi ult, %[[ITEM]], %c2
// CHECK: scf.if %[[TRANSPOSES]] {
// CHECK: } else {
// CHECK: arith.divui
// CHECK: arith.remui
// CHECK: arith.minsi %{{.*}}, %arg0
// CHECK: scf.for %{{.*}} = %{{.*}} to %{{.*}} step %c4
// CHECK: arith.cmpi uge, %{{.*}}, %c2
// CHECK: arith.cmpi uge, %{{.*}}, %c1
// The second task numbers its items on from the 2 transposes.
// CHECK-LABEL: func.func private @tiny_task_3(
// CHECK-SAME: %[[TILE_BEGIN:[^:]*]]: i64, %[[TILE_END:[^:]*]]: i64)
// CHECK: %[[FIRST:.*]] = arith.index_cast %[[TILE_BEGIN]]
// CHECK: arith.addi %[[FIRST]], %c2
// CHECK: call @tiny_attention_0(
// The exported @tiny_task runs a task by its number (beex_model.task).
// CHECK-LABEL: func.func @tiny_task(
// CHECK-SAME: %{{.*}}: memref<8xi32>, %{{.*}}: i64, %{{.*}}: memref<[[BYTES]]xi8>, %{{.*}}: i64, %{{.*}}: i64, %{{.*}}: i64)
// CHECK: scf.index_switch
// CHECK: case 19 {
// CHECK-NEXT: func.call @tiny_task_19(

// A complete 2-block BEExformer, written by hand: V = 16, P = 8, D = 8, H = 2,
// F = 12, C = 2, local attention (window 2), mean pooling, binary activations,
// exit heads after both blocks and the entropy-drop policy. Block 1 keeps its
// query weight in latent form (beex.pack_signs / beex.weight_scale); everything
// else is already packed. `beex-opt --beex-pack-weights` packs the rest.

func.func @tiny(%tokens: tensor<?xi32>) -> (tensor<2xf32>, i32, tensor<2xf32>) {
  %word = arith.constant dense<[[-0.176, -0.349, 0.151, -0.428, 0.036, -0.134, -0.442, 0.007], [-0.463, -0.066, -0.430, -0.409, -0.075, 0.327, -0.376, -0.277], [0.127, 0.448, 0.077, -0.103, 0.476, -0.453, 0.358, -0.210], [-0.356, -0.382, -0.192, 0.316, -0.319, 0.082, 0.139, -0.128], [0.048, -0.437, -0.440, -0.294, 0.180, -0.072, -0.186, 0.086], [-0.047, -0.200, 0.294, 0.199, -0.256, 0.074, 0.025, 0.375], [0.229, -0.212, 0.480, -0.382, -0.082, 0.257, -0.348, -0.011], [-0.461, 0.168, 0.265, 0.073, 0.375, -0.186, 0.195, 0.094], [0.080, -0.044, 0.340, 0.445, -0.026, 0.164, -0.439, 0.201], [0.147, 0.493, 0.322, -0.215, -0.114, 0.169, -0.477, -0.038], [-0.332, -0.383, -0.441, 0.268, -0.371, -0.252, -0.109, 0.371], [-0.419, -0.051, 0.049, 0.383, 0.319, 0.364, -0.222, -0.085], [-0.141, 0.384, 0.458, -0.349, -0.324, -0.268, -0.267, -0.015], [0.089, -0.237, -0.496, -0.081, -0.131, 0.066, 0.453, 0.190], [0.015, 0.118, 0.176, -0.446, 0.400, 0.280, 0.375, 0.298], [-0.108, -0.101, -0.396, 0.134, -0.438, -0.433, -0.291, -0.338]]> : tensor<16x8xf32>
  %pos = arith.constant dense<[[-0.032, -0.089, -0.100, -0.070, -0.080, -0.027, -0.095, 0.075], [0.023, -0.070, -0.050, -0.031, -0.027, -0.075, 0.070, 0.099], [-0.007, -0.003, -0.083, -0.080, -0.031, -0.047, 0.066, -0.068], [-0.095, 0.090, 0.006, -0.071, 0.009, -0.095, 0.006, 0.096], [0.073, 0.039, -0.048, -0.027, -0.067, 0.054, 0.007, 0.056], [-0.034, -0.055, 0.062, 0.097, 0.071, 0.061, 0.064, 0.048], [-0.055, 0.004, -0.029, -0.094, -0.094, -0.044, -0.048, 0.039], [0.091, -0.011, 0.087, 0.098, 0.091, -0.027, -0.056, -0.055]]> : tensor<8x8xf32>
  %ln_g = arith.constant dense<[0.939, 0.941, 1.025, 1.080, 1.068, 0.996, 1.031, 1.060]> : tensor<8xf32>
  %ln_b = arith.constant dense<[-0.083, 0.032, 0.082, 0.056, 0.050, -0.004, -0.064, 0.058]> : tensor<8xf32>
  // Block 1 weights.
  %b1_q_w = arith.constant dense<[[-0.167, 0.301, 0.472, -0.104, -0.099, 0.447, 0.225, -0.330], [-0.373, -0.349, 0.405, 0.307, -0.354, 0.327, 0.480, 0.157], [-0.150, 0.049, -0.369, -0.486, 0.471, 0.150, 0.027, 0.434], [-0.066, 0.372, 0.326, -0.289, -0.248, -0.207, -0.259, 0.086], [-0.241, -0.081, -0.369, 0.410, -0.146, -0.042, 0.083, 0.404], [-0.079, 0.418, 0.002, 0.032, 0.024, -0.481, -0.060, -0.317], [-0.496, 0.299, -0.328, -0.027, 0.225, 0.056, -0.174, 0.018], [0.055, 0.284, -0.394, 0.060, -0.252, -0.223, 0.272, 0.008]]> : tensor<8x8xf32>
  %b1_q_s = beex.pack_signs %b1_q_w : tensor<8x8xf32> -> tensor<8x1xi64, #beex.sign_bits<8>>
  %b1_q_a = beex.weight_scale %b1_q_w {mode = #beex.scale_mode<per_channel>} : tensor<8x8xf32> -> tensor<8xf32>
  %b1_q_b = arith.constant dense<[0.012, 0.052, 0.082, -0.011, 0.023, 0.001, 0.002, 0.039]> : tensor<8xf32>
  %b1_k_s = arith.constant dense<[[115], [130], [136], [206], [122], [129], [241], [63]]> : tensor<8x1xi64, #beex.sign_bits<8>>
  %b1_k_a = arith.constant dense<[0.270, 0.288, 0.294, 0.226, 0.256, 0.294, 0.284, 0.214]> : tensor<8xf32>
  %b1_k_b = arith.constant dense<[-0.076, -0.012, -0.085, -0.052, -0.085, 0.034, 0.057, 0.079]> : tensor<8xf32>
  %b1_v_s = arith.constant dense<[[39], [240], [183], [164], [169], [93], [36], [64]]> : tensor<8x1xi64, #beex.sign_bits<8>>
  %b1_v_a = arith.constant dense<[0.288, 0.297, 0.222, 0.295, 0.240, 0.249, 0.299, 0.283]> : tensor<8xf32>
  %b1_v_b = arith.constant dense<[-0.068, -0.014, 0.003, -0.032, -0.061, -0.036, 0.044, -0.096]> : tensor<8xf32>
  %b1_o_s = arith.constant dense<[[141], [117], [112], [180], [4], [98], [84], [132]]> : tensor<8x1xi64, #beex.sign_bits<8>>
  %b1_o_a = arith.constant dense<[0.262, 0.251, 0.206, 0.299, 0.279, 0.297, 0.210, 0.227]> : tensor<8xf32>
  %b1_o_b = arith.constant dense<[-0.092, 0.056, -0.046, -0.074, -0.016, 0.082, 0.064, -0.048]> : tensor<8xf32>
  %b1_g1_s = arith.constant dense<[[38], [137], [235], [131], [146], [126], [179], [83], [22], [71], [14], [204]]> : tensor<12x1xi64, #beex.sign_bits<8>>
  %b1_g1_a = arith.constant dense<[0.269, 0.243, 0.207, 0.294, 0.263, 0.280, 0.208, 0.286, 0.207, 0.286, 0.245, 0.234]> : tensor<12xf32>
  %b1_g1_b = arith.constant dense<[0.011, 0.085, -0.046, -0.074, 0.005, -0.052, -0.078, -0.068, -0.090, -0.060, -0.038, -0.039]> : tensor<12xf32>
  %b1_g2_s = arith.constant dense<[[3110], [843], [1187], [1825], [2048], [2753], [728], [1108]]> : tensor<8x1xi64, #beex.sign_bits<12>>
  %b1_g2_a = arith.constant dense<[0.235, 0.202, 0.225, 0.202, 0.273, 0.255, 0.219, 0.247]> : tensor<8xf32>
  %b1_g2_b = arith.constant dense<[0.087, -0.079, 0.064, -0.014, -0.001, 0.067, -0.021, 0.001]> : tensor<8xf32>
  %b1_c1_s = arith.constant dense<[[176], [55], [251], [58], [87], [50], [213], [225], [180], [186], [162], [35]]> : tensor<12x1xi64, #beex.sign_bits<8>>
  %b1_c1_a = arith.constant dense<[0.240, 0.235, 0.205, 0.213, 0.207, 0.274, 0.226, 0.216, 0.208, 0.284, 0.287, 0.267]> : tensor<12xf32>
  %b1_c1_b = arith.constant dense<[-0.044, -0.052, -0.041, -0.008, -0.068, -0.011, -0.047, 0.092, 0.095, 0.009, -0.051, 0.093]> : tensor<12xf32>
  %b1_c2_s = arith.constant dense<[[1267], [892], [1460], [749], [4], [1373], [1563], [343]]> : tensor<8x1xi64, #beex.sign_bits<12>>
  %b1_c2_a = arith.constant dense<[0.247, 0.250, 0.220, 0.250, 0.200, 0.226, 0.209, 0.240]> : tensor<8xf32>
  %b1_c2_b = arith.constant dense<[-0.092, -0.096, -0.039, -0.053, 0.017, 0.006, 0.050, 0.032]> : tensor<8xf32>
  %b1_att_g = arith.constant dense<[1.043, 1.076, 0.978, 0.965, 1.097, 0.930, 1.045, 1.029]> : tensor<8xf32>
  %b1_att_b = arith.constant dense<[-0.091, 0.067, 0.078, 0.025, 0.047, 0.062, -0.072, 0.005]> : tensor<8xf32>
  %b1_out_g = arith.constant dense<[1.001, 1.067, 1.061, 1.065, 1.017, 1.079, 1.037, 1.039]> : tensor<8xf32>
  %b1_out_b = arith.constant dense<[-0.054, -0.094, -0.073, -0.028, -0.079, 0.067, 0.012, 0.026]> : tensor<8xf32>
  %e1_w = arith.constant dense<[[0.126, 0.181, -0.011, -0.497, 0.298, 0.248, 0.003, 0.035], [0.159, -0.434, 0.237, -0.248, -0.426, -0.234, 0.229, -0.295]]> : tensor<2x8xf32>
  %e1_b = arith.constant dense<[0.048, 0.095]> : tensor<2xf32>
  // Block 2 weights.
  %b2_q_s = arith.constant dense<[[126], [216], [97], [19], [122], [233], [175], [73]]> : tensor<8x1xi64, #beex.sign_bits<8>>
  %b2_q_a = arith.constant dense<[0.277, 0.262, 0.264, 0.208, 0.215, 0.225, 0.274, 0.230]> : tensor<8xf32>
  %b2_q_b = arith.constant dense<[0.014, -0.098, -0.088, -0.046, 0.034, 0.038, 0.035, -0.042]> : tensor<8xf32>
  %b2_k_s = arith.constant dense<[[132], [73], [118], [119], [119], [196], [30], [254]]> : tensor<8x1xi64, #beex.sign_bits<8>>
  %b2_k_a = arith.constant dense<[0.289, 0.220, 0.298, 0.294, 0.202, 0.246, 0.282, 0.297]> : tensor<8xf32>
  %b2_k_b = arith.constant dense<[-0.010, -0.046, -0.058, 0.089, -0.058, 0.016, -0.072, 0.005]> : tensor<8xf32>
  %b2_v_s = arith.constant dense<[[243], [92], [33], [154], [209], [161], [130], [71]]> : tensor<8x1xi64, #beex.sign_bits<8>>
  %b2_v_a = arith.constant dense<[0.289, 0.270, 0.223, 0.290, 0.249, 0.202, 0.200, 0.249]> : tensor<8xf32>
  %b2_v_b = arith.constant dense<[-0.010, -0.040, -0.072, -0.031, -0.037, 0.068, -0.100, 0.050]> : tensor<8xf32>
  %b2_o_s = arith.constant dense<[[214], [101], [30], [240], [237], [50], [182], [3]]> : tensor<8x1xi64, #beex.sign_bits<8>>
  %b2_o_a = arith.constant dense<[0.290, 0.229, 0.237, 0.239, 0.300, 0.259, 0.236, 0.243]> : tensor<8xf32>
  %b2_o_b = arith.constant dense<[-0.045, -0.090, -0.080, 0.067, -0.043, 0.087, -0.050, -0.047]> : tensor<8xf32>
  %b2_g1_s = arith.constant dense<[[130], [80], [48], [197], [95], [200], [244], [109], [226], [7], [207], [194]]> : tensor<12x1xi64, #beex.sign_bits<8>>
  %b2_g1_a = arith.constant dense<[0.263, 0.291, 0.294, 0.255, 0.272, 0.205, 0.273, 0.245, 0.275, 0.264, 0.229, 0.205]> : tensor<12xf32>
  %b2_g1_b = arith.constant dense<[0.085, -0.075, -0.006, -0.031, -0.040, 0.048, 0.095, -0.048, 0.031, -0.040, 0.011, -0.021]> : tensor<12xf32>
  %b2_g2_s = arith.constant dense<[[685], [2634], [662], [307], [851], [2050], [3710], [3325]]> : tensor<8x1xi64, #beex.sign_bits<12>>
  %b2_g2_a = arith.constant dense<[0.250, 0.222, 0.291, 0.300, 0.245, 0.214, 0.219, 0.209]> : tensor<8xf32>
  %b2_g2_b = arith.constant dense<[-0.032, -0.082, -0.052, -0.048, 0.014, 0.077, 0.050, -0.017]> : tensor<8xf32>
  %b2_c1_s = arith.constant dense<[[105], [190], [134], [53], [96], [69], [86], [192], [15], [127], [71], [147]]> : tensor<12x1xi64, #beex.sign_bits<8>>
  %b2_c1_a = arith.constant dense<[0.297, 0.213, 0.250, 0.263, 0.286, 0.222, 0.227, 0.225, 0.240, 0.245, 0.295, 0.285]> : tensor<12xf32>
  %b2_c1_b = arith.constant dense<[0.075, -0.096, -0.094, 0.042, 0.079, -0.005, 0.017, -0.100, -0.022, 0.085, 0.065, 0.071]> : tensor<12xf32>
  %b2_c2_s = arith.constant dense<[[3982], [1838], [1017], [3207], [446], [916], [632], [622]]> : tensor<8x1xi64, #beex.sign_bits<12>>
  %b2_c2_a = arith.constant dense<[0.252, 0.268, 0.294, 0.272, 0.265, 0.276, 0.246, 0.255]> : tensor<8xf32>
  %b2_c2_b = arith.constant dense<[-0.092, 0.056, -0.053, 0.084, 0.029, -0.039, -0.074, -0.050]> : tensor<8xf32>
  %b2_att_g = arith.constant dense<[1.027, 1.040, 0.922, 0.914, 1.005, 1.017, 0.978, 0.945]> : tensor<8xf32>
  %b2_att_b = arith.constant dense<[0.020, -0.098, -0.040, -0.008, 0.092, 0.029, 0.077, -0.005]> : tensor<8xf32>
  %b2_out_g = arith.constant dense<[0.947, 0.949, 1.092, 1.041, 0.961, 0.904, 1.000, 1.035]> : tensor<8xf32>
  %b2_out_b = arith.constant dense<[-0.016, -0.049, 0.033, 0.085, -0.055, -0.093, -0.032, -0.016]> : tensor<8xf32>
  %e2_w = arith.constant dense<[[0.183, -0.302, 0.297, 0.239, 0.005, -0.295, 0.470, -0.188], [0.320, -0.269, -0.279, 0.260, -0.205, 0.452, -0.004, -0.313]]> : tensor<2x8xf32>
  %e2_b = arith.constant dense<[-0.055, -0.017]> : tensor<2xf32>

  %emb = beex.embed %tokens, %word, %pos : tensor<?xi32>, tensor<16x8xf32>, tensor<8x8xf32> -> tensor<?x8xf32>
  %x = beex.layer_norm %emb, %ln_g, %ln_b eps(1.000000e-06) : tensor<?x8xf32>, tensor<8xf32>
  %logits, %layer, %entropies = beex.early_exit %x policy(<entropy_below, threshold = 5.000000e-01, min_layer = 1>) : tensor<?x8xf32> -> (tensor<2xf32>, i32, tensor<2xf32>) {
  ^bb0(%in1: tensor<?x8xf32>):
    // Attention.
    %q1 = beex.binary_linear %in1, %b1_q_s, %b1_q_a, %b1_q_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<8x1xi64, #beex.sign_bits<8>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %k1 = beex.binary_linear %in1, %b1_k_s, %b1_k_a, %b1_k_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<8x1xi64, #beex.sign_bits<8>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %v1 = beex.binary_linear %in1, %b1_v_s, %b1_v_a, %b1_v_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<8x1xi64, #beex.sign_bits<8>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %o1 = beex.attention %q1, %k1, %v1 heads(2) pattern(#beex.local<window = 2>) : tensor<?x8xf32>
    %proj1 = beex.binary_linear %o1, %b1_o_s, %b1_o_a, %b1_o_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<8x1xi64, #beex.sign_bits<8>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %res1 = arith.addf %in1, %proj1 : tensor<?x8xf32>
    %h1 = beex.layer_norm %res1, %b1_att_g, %b1_att_b eps(1.000000e-06) : tensor<?x8xf32>, tensor<8xf32>
    // SLFN: a sigmoid gate times a tanh candidate.
    %g1_1 = beex.binary_linear %h1, %b1_g1_s, %b1_g1_a, %b1_g1_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<12x1xi64, #beex.sign_bits<8>>, tensor<12xf32>, tensor<12xf32>) -> tensor<?x12xf32>
    %gs1 = beex.sigmoid %g1_1 : tensor<?x12xf32>
    %g2_1 = beex.binary_linear %gs1, %b1_g2_s, %b1_g2_a, %b1_g2_b {activations = #beex.activations<binary>} : (tensor<?x12xf32>, tensor<8x1xi64, #beex.sign_bits<12>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %c1_1 = beex.binary_linear %h1, %b1_c1_s, %b1_c1_a, %b1_c1_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<12x1xi64, #beex.sign_bits<8>>, tensor<12xf32>, tensor<12xf32>) -> tensor<?x12xf32>
    %ct1 = math.tanh %c1_1 : tensor<?x12xf32>
    %c2_1 = beex.binary_linear %ct1, %b1_c2_s, %b1_c2_a, %b1_c2_b {activations = #beex.activations<binary>} : (tensor<?x12xf32>, tensor<8x1xi64, #beex.sign_bits<12>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %slfn1 = arith.mulf %g2_1, %c2_1 : tensor<?x8xf32>
    %res2_1 = arith.addf %h1, %slfn1 : tensor<?x8xf32>
    %out1 = beex.layer_norm %res2_1, %b1_out_g, %b1_out_b eps(1.000000e-06) : tensor<?x8xf32>, tensor<8xf32>
    // Exit head 1.
    %pool1 = beex.pool %out1 {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
    %z1 = beex.exit_classifier %pool1, %e1_w, %e1_b : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<2xf32>
    %ent1 = beex.entropy %z1 : tensor<2xf32>
    beex.yield %out1 exit(%z1, %ent1) : tensor<?x8xf32>, tensor<2xf32>, f32
  }, {
  ^bb0(%in2: tensor<?x8xf32>):
    // Attention.
    %q2 = beex.binary_linear %in2, %b2_q_s, %b2_q_a, %b2_q_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<8x1xi64, #beex.sign_bits<8>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %k2 = beex.binary_linear %in2, %b2_k_s, %b2_k_a, %b2_k_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<8x1xi64, #beex.sign_bits<8>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %v2 = beex.binary_linear %in2, %b2_v_s, %b2_v_a, %b2_v_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<8x1xi64, #beex.sign_bits<8>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %o2 = beex.attention %q2, %k2, %v2 heads(2) pattern(#beex.local<window = 2>) : tensor<?x8xf32>
    %proj2 = beex.binary_linear %o2, %b2_o_s, %b2_o_a, %b2_o_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<8x1xi64, #beex.sign_bits<8>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %res2 = arith.addf %in2, %proj2 : tensor<?x8xf32>
    %h2 = beex.layer_norm %res2, %b2_att_g, %b2_att_b eps(1.000000e-06) : tensor<?x8xf32>, tensor<8xf32>
    // SLFN: a sigmoid gate times a tanh candidate.
    %g1_2 = beex.binary_linear %h2, %b2_g1_s, %b2_g1_a, %b2_g1_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<12x1xi64, #beex.sign_bits<8>>, tensor<12xf32>, tensor<12xf32>) -> tensor<?x12xf32>
    %gs2 = beex.sigmoid %g1_2 : tensor<?x12xf32>
    %g2_2 = beex.binary_linear %gs2, %b2_g2_s, %b2_g2_a, %b2_g2_b {activations = #beex.activations<binary>} : (tensor<?x12xf32>, tensor<8x1xi64, #beex.sign_bits<12>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %c1_2 = beex.binary_linear %h2, %b2_c1_s, %b2_c1_a, %b2_c1_b {activations = #beex.activations<binary>} : (tensor<?x8xf32>, tensor<12x1xi64, #beex.sign_bits<8>>, tensor<12xf32>, tensor<12xf32>) -> tensor<?x12xf32>
    %ct2 = math.tanh %c1_2 : tensor<?x12xf32>
    %c2_2 = beex.binary_linear %ct2, %b2_c2_s, %b2_c2_a, %b2_c2_b {activations = #beex.activations<binary>} : (tensor<?x12xf32>, tensor<8x1xi64, #beex.sign_bits<12>>, tensor<8xf32>, tensor<8xf32>) -> tensor<?x8xf32>
    %slfn2 = arith.mulf %g2_2, %c2_2 : tensor<?x8xf32>
    %res2_2 = arith.addf %h2, %slfn2 : tensor<?x8xf32>
    %out2 = beex.layer_norm %res2_2, %b2_out_g, %b2_out_b eps(1.000000e-06) : tensor<?x8xf32>, tensor<8xf32>
    // Exit head 2.
    %pool2 = beex.pool %out2 {kind = #beex.pooling<mean>} : tensor<?x8xf32> -> tensor<8xf32>
    %z2 = beex.exit_classifier %pool2, %e2_w, %e2_b : tensor<8xf32>, tensor<2x8xf32>, tensor<2xf32> -> tensor<2xf32>
    %ent2 = beex.entropy %z2 : tensor<2xf32>
    beex.yield %out2 exit(%z2, %ent2) : tensor<?x8xf32>, tensor<2xf32>, f32
  }
  return %logits, %layer, %entropies : tensor<2xf32>, i32, tensor<2xf32>
}
