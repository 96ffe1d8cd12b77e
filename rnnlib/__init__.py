"""rnnlib: a recurrent neural network from first principles, in numpy.

The cell  h_t = f(W_x x_t + W_h h_{t-1} + b)  forward and backward (BPTT), the layers
around it, the models the Unrolled notebooks train, optimisers, gradient checks, text
handling, the data that ships with the package, and the notebooks' figures.
Shapes are time-major: x (T, B, D), h (T, B, H); W_x (H, D), W_h (H, H), b (H,).

The drawing modules are imported on their own, so that ``import rnnlib`` needs only numpy:
``rnnlib.plots`` (style and shared plots), ``rnnlib.diagrams`` (the RNN diagrams),
``rnnlib.widgets`` (the notebooks' controls) and ``rnnlib.exercises`` (self-checks).
"""

from .charlm import (
    NAME_SPLITS,
    CharLM,
    CharVocabulary,
    bigram_loss,
    bigram_model,
    encode_names,
    fit_names,
    fit_stream,
    load_names,
    stream_chunks,
)
from .cliff import cliff_loss_and_grads
from .data import (
    LECTURE_EMBEDDINGS,
    LECTURE_SENTENCES,
    SCENES,
    SENTIMENT_LABELS,
    SPAM_LABELS,
    caption_task,
    forecast_windows,
    load_airline_passengers,
    load_sentiment,
    load_spam,
    negation_task,
    number_translation,
    number_words,
    scene_captions,
    scene_vector,
)
from .dynamics import (
    jacobian_norms,
    jacobian_products,
    largest_singular_value,
    matrix_power_norms,
    orthogonal,
    pascanu_bound,
    recurrent_matrix,
    recurrent_matrix_and_eigenvalues,
    spectral_radius,
    step_jacobians,
)
from .explorer_flow import estimate_jacobian_norms, gradient_flow
from .gradcheck import GradCheckReport, check_gradients, numerical_gradient, relative_error
from .gru import (
    gru_backward,
    gru_forward,
    gru_init_params,
    gru_parameter_count,
    gru_step_backward,
    gru_step_forward,
)
from .layers import (
    affine_backward,
    affine_forward,
    embedding_backward,
    embedding_forward,
    last_step,
    last_step_backward,
    length_mask,
    log_softmax,
    mse_loss,
    softmax,
    softmax_cross_entropy,
)
from .lstm import (
    lstm_backward,
    lstm_forward,
    lstm_init_params,
    lstm_parameter_count,
    lstm_step_backward,
    lstm_step_forward,
)
from .models import CELLS, ManyToManyRNN, ManyToOneClassifier, init_params, parameter_count
from .optim import SGD, Adam, clip_grad_norm, clip_grad_value
from .rnn import (
    ACTIVATIONS,
    rnn_backward,
    rnn_backward_truncated,
    rnn_forward,
    rnn_gradient_terms,
    rnn_init_params,
    rnn_step_backward,
    rnn_step_forward,
)
from .seq2seq import EncoderDecoder, VectorToSequence
from .text import PAD, PAD_ID, UNK, UNK_ID, Vocabulary, encode_batch, pad_sequences, tokenize
from .train import confusion_matrix, evaluate_classifier, fit, fit_classifier, minibatches

__version__ = "0.1.0"

__all__ = [
    # the recurrent cell
    "rnn_step_forward", "rnn_step_backward", "rnn_forward", "rnn_backward",
    "rnn_backward_truncated", "rnn_gradient_terms", "rnn_init_params", "ACTIVATIONS",
    # the gated cells (notebook 06)
    "lstm_step_forward", "lstm_step_backward", "lstm_forward", "lstm_backward",
    "lstm_init_params", "lstm_parameter_count",
    "gru_step_forward", "gru_step_backward", "gru_forward", "gru_backward",
    "gru_init_params", "gru_parameter_count",
    # layers and losses
    "embedding_forward", "embedding_backward", "affine_forward", "affine_backward",
    "softmax", "log_softmax", "softmax_cross_entropy", "mse_loss",
    "length_mask", "last_step", "last_step_backward",
    # models and training
    "ManyToOneClassifier", "ManyToManyRNN", "VectorToSequence", "EncoderDecoder", "CELLS",
    "init_params", "parameter_count",
    "fit", "fit_classifier", "evaluate_classifier", "minibatches", "confusion_matrix",
    "SGD", "Adam", "clip_grad_norm", "clip_grad_value",
    # gradient dynamics
    "step_jacobians", "jacobian_products", "jacobian_norms", "spectral_radius",
    "largest_singular_value", "orthogonal", "recurrent_matrix",
    "recurrent_matrix_and_eigenvalues", "pascanu_bound",
    "matrix_power_norms", "estimate_jacobian_norms", "gradient_flow", "cliff_loss_and_grads",
    # checking gradients
    "numerical_gradient", "relative_error", "check_gradients", "GradCheckReport",
    # text and data
    "tokenize", "Vocabulary", "pad_sequences", "encode_batch", "PAD", "UNK", "PAD_ID", "UNK_ID",
    "LECTURE_SENTENCES", "LECTURE_EMBEDDINGS", "SENTIMENT_LABELS", "load_sentiment",
    "load_airline_passengers", "negation_task", "SPAM_LABELS", "load_spam",
    "forecast_windows", "SCENES", "scene_vector", "scene_captions", "caption_task",
    "number_words", "number_translation",
    # the character language model (notebook 07)
    "CharVocabulary", "CharLM", "load_names", "NAME_SPLITS", "encode_names", "bigram_model",
    "bigram_loss", "fit_names", "stream_chunks", "fit_stream",
]
